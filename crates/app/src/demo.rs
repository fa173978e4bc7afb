//! `serve --demo`: the people and tickets of SPEC §6, so the printer scenario can be played at once.

use skranke_domain::document::Visibility;
use skranke_domain::{Impact, Role, TicketType, Urgency};
use skranke_store::repo;

use crate::documents::{DesignationChanges, NewDocument};
use crate::services::NewService;
use crate::tickets::{NewComment, NewTicket};
use crate::{Actor, App, AppResult};

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
        let admin = self
            .actor_by_id(ids[0])
            .await?
            .ok_or(crate::AppError::NotFound("user"))?;
        self.seed_knowledge(&admin).await?;
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

    /// The knowledge base of the demo: the SLA, the Service catalog (with the live list of
    /// services), a public self-service article and internal articles for the agents.
    async fn seed_knowledge(&self, admin: &Actor) -> AppResult<()> {
        let service = |name: &str, description: &str, ticket_type, impact, urgency| NewService {
            name: name.into(),
            description: description.into(),
            ticket_type,
            default_impact: Some(impact),
            default_urgency: Some(urgency),
            covered: true,
            not_covered_reason: None,
        };
        for s in [
            service(
                "Printing",
                "Office printers and scanners: printing, paper jams, toner, printer offline.",
                TicketType::Incident,
                Impact::Low,
                Urgency::Medium,
            ),
            service(
                "Network and internet",
                "Wired and wireless network, internet access and VPN in the office and at home.",
                TicketType::Incident,
                Impact::High,
                Urgency::High,
            ),
            service(
                "New equipment",
                "Ordering laptops, screens, headsets and other hardware for employees.",
                TicketType::Request,
                Impact::Low,
                Urgency::Low,
            ),
            NewService {
                covered: false,
                not_covered_reason: Some(
                    "Private devices are not supported; use your own supplier.".into(),
                ),
                ..service(
                    "Private devices",
                    "Your own phone, tablet or home computer.",
                    TicketType::Request,
                    Impact::Low,
                    Urgency::Low,
                )
            },
        ] {
            self.create_service(admin, s).await?;
        }
        let doc = |title: &str, body: &str, visibility| NewDocument {
            title: title.into(),
            body: body.into(),
            visibility: Some(visibility),
        };
        let sla = self
            .create_document(
                admin,
                doc("Service Level Agreement", DEMO_SLA, Visibility::Internal),
            )
            .await?;
        let catalog = self
            .create_document(
                admin,
                doc("Service catalog", DEMO_CATALOG, Visibility::Internal),
            )
            .await?;
        for (title, body, visibility) in [
            (
                "Printer offline — check the cable",
                DEMO_PRINTER_ARTICLE,
                Visibility::Internal,
            ),
            (
                "VPN drops every hour: renew the client certificate",
                DEMO_VPN_ARTICLE,
                Visibility::Internal,
            ),
            (
                "How to connect to the guest Wi-Fi",
                DEMO_WIFI_ARTICLE,
                Visibility::Public,
            ),
        ] {
            self.create_document(admin, doc(title, body, visibility))
                .await?;
        }
        self.set_designations(
            admin,
            DesignationChanges {
                sla: Some(Some(sla.id)),
                service_catalog: Some(Some(catalog.id)),
            },
        )
        .await?;
        Ok(())
    }
}

const DEMO_SLA: &str = "\
# Service Level Agreement

This agreement describes what the IT service desk promises and what we ask of you.

## Opening hours
Monday to Friday, 08:00–16:00, except public holidays.

## Response and resolution times

| Priority | Example | First response | Resolved within |
|---|---|---|---|
| P1 | The whole office has no internet | 30 minutes | 4 hours |
| P2 | A department cannot work | 2 hours | 1 business day |
| P3 | One person is blocked, e.g. a printer will not print | 1 business day | 3 business days |
| P4 | Questions and wishes | 2 business days | 10 business days |

## What we ask of you
- Report problems through the portal, one problem per ticket.
- Answer our questions: a ticket waiting on you is closed after 7 days without an answer.
- Check the Service catalog for what we cover.
";

const DEMO_CATALOG: &str = "\
# Service catalog

These are the services the IT service desk provides. Pick the service when you create a ticket:
it helps us route and prioritise it.

{{services}}

Something missing? Create a request and tell us what you need.
";

const DEMO_PRINTER_ARTICLE: &str = "\
# Printer offline — check the cable

When a printer shows as *offline* for one person or for the whole floor, check the physical
connection first. In most cases someone has stepped on or pulled the network cable.

1. Ask the customer to look at the back of the printer: is the network cable plugged in, and is
   the small light next to the port blinking?
2. If not, ask them to plug the cable back in firmly and wait one minute.
3. Print a test page from the printer's own menu.
4. Still offline? Check the switch port in the network overview and escalate to level 2.

- [ ] Cable checked
- [ ] Test page printed
";

const DEMO_VPN_ARTICLE: &str = "\
# VPN drops every hour

The VPN client disconnects about once an hour when its certificate is close to expiry.

```text
Help → About → Certificate valid until
```

Renew it under *Settings → Certificates → Renew*, then reconnect.
";

const DEMO_WIFI_ARTICLE: &str = "\
# How to connect to the guest Wi-Fi

1. Choose the network **Guest** on your device.
2. Open a browser; the login page appears.
3. Enter the code shown on the screen at the reception.

The code changes every Monday.
";
