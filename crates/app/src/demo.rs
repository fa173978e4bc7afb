//! `serve --demo`: the people and tickets of SPEC §6, so the printer scenario can be played at once.

use skranke_domain::{Role, TicketType, Urgency};
use skranke_store::repo;

use crate::tickets::{NewComment, NewTicket};
use crate::{App, AppResult};

pub struct DemoLogin {
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub level: Option<i64>,
}

pub const DEMO_LOGINS: &[DemoLogin] = &[
    DemoLogin {
        email: "admin@demo.skranke",
        password: "demo-admin",
        name: "Ada Admin",
        role: Role::Admin,
        level: None,
    },
    DemoLogin {
        email: "carla@demo.skranke",
        password: "demo-customer",
        name: "Carla Customer",
        role: Role::Customer,
        level: None,
    },
    DemoLogin {
        email: "john@demo.skranke",
        password: "demo-customer",
        name: "John Jensen",
        role: Role::Customer,
        level: None,
    },
    DemoLogin {
        email: "lena@demo.skranke",
        password: "demo-agent",
        name: "Lena Level-One",
        role: Role::Agent,
        level: Some(1),
    },
    DemoLogin {
        email: "lars@demo.skranke",
        password: "demo-agent",
        name: "Lars Level-One",
        role: Role::Agent,
        level: Some(1),
    },
    DemoLogin {
        email: "ahmed@demo.skranke",
        password: "demo-agent",
        name: "LevelTwoAhmed",
        role: Role::Agent,
        level: Some(2),
    },
    DemoLogin {
        email: "tove@demo.skranke",
        password: "demo-agent",
        name: "Tove Level-Three",
        role: Role::Agent,
        level: Some(3),
    },
];

impl App {
    /// Seeds the demo people and a few tickets; does nothing for people who already exist, so a
    /// restart with `--demo` keeps the data.
    pub async fn seed_demo(&self) -> AppResult<()> {
        let mut conn = self.db.reader().acquire().await?;
        let seeded = repo::users::by_email(&mut conn, DEMO_LOGINS[0].email)
            .await?
            .is_some();
        drop(conn);
        if seeded {
            return Ok(());
        }
        let mut ids = Vec::new();
        for d in DEMO_LOGINS {
            let mut tx = self.db.begin().await?;
            let id = self
                .insert_user(
                    &mut tx,
                    None,
                    d.email,
                    d.name,
                    d.role,
                    d.level,
                    Some(d.password),
                )
                .await?;
            tx.commit().await?;
            ids.push(id);
        }
        let john = self
            .actor_by_id(ids[2])
            .await?
            .ok_or(crate::AppError::NotFound("user"))?;
        let t = self
            .create_ticket(
                &john,
                NewTicket {
                    title: "VPN disconnects every hour".into(),
                    description:
                        "Since Monday the VPN drops about once an hour and I have to log in again."
                            .into(),
                    ticket_type: Some(TicketType::Incident),
                    urgency: Some(Urgency::Medium),
                    ..Default::default()
                },
            )
            .await?;
        self.create_ticket(
            &john,
            NewTicket {
                title: "New monitor for the meeting room".into(),
                description:
                    "The meeting room on the 2nd floor needs a second screen for video calls."
                        .into(),
                ticket_type: Some(TicketType::Request),
                urgency: Some(Urgency::Low),
                ..Default::default()
            },
        )
        .await?;
        let agent = match &t.assignee {
            Some(a) => self.actor_by_id(a.id).await?,
            None => None,
        };
        if let Some(agent) = agent {
            self.add_comment(
                &agent,
                t.number,
                NewComment {
                    body: "Thanks, John. Which VPN client version do you have? (Help → About)"
                        .into(),
                    internal: false,
                    set_status: Some(skranke_domain::Status::Pending),
                },
            )
            .await?;
        }
        Ok(())
    }
}
