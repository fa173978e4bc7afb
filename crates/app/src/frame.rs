//! The counts and links every UI page shows around its content.

use skranke_store::repo;

use crate::documents::Designations;
use crate::{Actor, App, AppResult};

#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// The agent's unresolved tickets.
    pub mine: i64,
    /// Unassigned tickets waiting at the agent's level.
    pub queue: i64,
    pub unread: i64,
    pub designations: Designations,
}

impl App {
    /// One statement for the whole frame (docs/benchmarks.md: it was six on every page).
    pub async fn page_frame(&self, actor: &Actor) -> AppResult<Frame> {
        let mut conn = self.db.reader().acquire().await?;
        let level = actor
            .level
            .filter(|_| actor.is_internal())
            .map(|l| i64::from(l.get()));
        let r = repo::frame::frame(&mut conn, self.db.backend(), actor.id, level).await?;
        let internal = actor.is_internal();
        Ok(Frame {
            mine: if internal { r.mine } else { 0 },
            queue: r.queue,
            unread: r.unread,
            designations: Designations {
                sla: r.sla_id.map(|id| (id, r.sla_title.unwrap_or_default())),
                service_catalog: r
                    .catalog_id
                    .map(|id| (id, r.catalog_title.unwrap_or_default())),
            },
        })
    }
}
