//! The JSON API under `/api/v1` (SPEC §8).
use axum::Router;
use crate::WebState;
pub fn routes(state: WebState) -> Router { Router::new().with_state(state) }
