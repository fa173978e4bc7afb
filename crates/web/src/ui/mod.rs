//! The server-rendered UI.
use axum::Router;
use crate::WebState;
pub fn routes(state: WebState) -> Router { Router::new().with_state(state) }
