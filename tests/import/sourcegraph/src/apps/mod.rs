//! One module per app: its settings shared by every environment.

pub mod blobstore;
pub mod codeinsights_db;
pub mod codeintel_db;
pub mod gitserver;
pub mod grafana;
pub mod indexed_search;
pub mod jaeger;
pub mod otel_agent;
pub mod otel_collector;
pub mod pgsql;
pub mod precise_code_intel_worker;
pub mod prometheus;
pub mod redis_cache;
pub mod redis_store;
pub mod searcher;
pub mod sourcegraph_frontend;
pub mod syntactic_code_intel;
pub mod syntect_server;
pub mod worker;
