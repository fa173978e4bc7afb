//! Tickets: the customer portal, the agent workspace lists, creating tickets, and the ticket page
//! with its conversation and actions.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;
use skranke_app::tickets::{
    AssigneeFilter, NewComment, NewTicket, Sort, Ticket, TicketChanges, TicketQuery,
};
use skranke_app::users::{User, UserQuery};
use skranke_app::{AppError, Page as ListPage};
use skranke_domain::ticket::{format_number, parse_number};
use skranke_domain::{Impact, Level, Role, Status, TicketType, Urgency};

use super::ctx::{Chrome, Ctx, FormErr, OrFail, Page, render, render_status, see_other, status_of};
use super::view::{
    self, Opt, TicketRowView, fmt_time, hml_opts, impact_label, iso_time, level_opts, status_label,
    status_opts, type_label, type_opts, urgency_label,
};

fn number_of(ctx: &Ctx, raw: &str) -> Result<i64, Response> {
    parse_number(raw).ok_or_else(|| ctx.fail(AppError::NotFound("ticket")))
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_opt<T: std::str::FromStr>(s: &str, field: &'static str) -> Result<Option<T>, AppError>
where
    T::Err: std::fmt::Display,
{
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<T>()
        .map(Some)
        .map_err(|e| AppError::invalid(field, e.to_string()))
}

fn parse_id(s: &str, field: &'static str) -> Result<Option<i64>, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::invalid(field, "choose someone from the list"))
}

/// Active and inactive agents, for names and pickers (agents and admins only).
async fn agents(ctx: &Ctx) -> std::sync::Arc<Vec<User>> {
    if !ctx.actor.is_internal() {
        return Default::default();
    }
    ctx.app.agents(&ctx.actor).await.unwrap_or_default()
}

fn agent_label(ctx: &Ctx, u: &User) -> String {
    match u.level {
        Some(l) => format!(
            "{} ({})",
            u.name,
            ctx.tr.a("level-n", &[("level", &l.to_string())])
        ),
        None => u.name.clone(),
    }
}

// ---------- lists ----------

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    c: Chrome,
    rows: Vec<TicketRowView>,
    next_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CursorQuery {
    cursor: Option<String>,
}

pub async fn portal(ctx: Ctx, Query(q): Query<CursorQuery>) -> Page {
    let page = ctx
        .app
        .list_tickets(
            &ctx.actor,
            &TicketQuery {
                brief: true,
                cursor: blank(&q.cursor).map(String::from),
                ..Default::default()
            },
        )
        .await
        .or_fail(&ctx)?;
    let now = ctx.app.now();
    let rows = page
        .items
        .iter()
        .map(|t| TicketRowView::new(ctx.tr, now, t))
        .collect();
    let next_url = page
        .next_cursor
        .map(|c| format!("/portal?{}", enc(&[("cursor", &c)])))
        .unwrap_or_default();
    Ok(render(&PortalPage {
        c: ctx.chrome("portal").await,
        rows,
        next_url,
    }))
}

fn enc(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

#[derive(Default)]
struct Filters {
    status: Vec<Opt>,
    types: Vec<Opt>,
    levels: Vec<Opt>,
    assignee: Vec<Opt>,
    q: String,
}

#[derive(Template)]
#[template(path = "work_list.html")]
struct WorkPage {
    c: Chrome,
    heading: String,
    subtitle: String,
    rows: Vec<TicketRowView>,
    show_take: bool,
    show_assignee: bool,
    has_filters: bool,
    f: Filters,
    next_url: String,
    empty: String,
}

fn rows_of(ctx: &Ctx, page: &ListPage<Ticket>) -> Vec<TicketRowView> {
    let now = ctx.app.now();
    page.items
        .iter()
        .map(|t| TicketRowView::new(ctx.tr, now, t))
        .collect()
}

pub async fn work_mine(ctx: Ctx, Query(q): Query<CursorQuery>) -> Page {
    ctx.require_internal()?;
    let page = ctx
        .app
        .list_tickets(
            &ctx.actor,
            &TicketQuery {
                brief: true,
                unresolved: true,
                assignee: Some(AssigneeFilter::Me),
                sort: Sort::Priority,
                cursor: blank(&q.cursor).map(String::from),
                ..Default::default()
            },
        )
        .await
        .or_fail(&ctx)?;
    let rows = rows_of(&ctx, &page);
    let next_url = page
        .next_cursor
        .map(|c| format!("/work?{}", enc(&[("cursor", &c)])))
        .unwrap_or_default();
    Ok(render(&WorkPage {
        heading: ctx.t("work-mine-title"),
        subtitle: ctx.t("work-mine-subtitle"),
        rows,
        show_take: false,
        show_assignee: false,
        has_filters: false,
        f: Filters::default(),
        next_url,
        empty: ctx.t("work-mine-empty"),
        c: ctx.chrome("work").await,
    }))
}

pub async fn work_queue(ctx: Ctx, Query(q): Query<CursorQuery>) -> Page {
    ctx.require_internal()?;
    let page = ctx
        .app
        .list_tickets(
            &ctx.actor,
            &TicketQuery {
                brief: true,
                unresolved: true,
                assignee: Some(AssigneeFilter::Unassigned),
                level: ctx.actor.level,
                sort: Sort::Priority,
                cursor: blank(&q.cursor).map(String::from),
                ..Default::default()
            },
        )
        .await
        .or_fail(&ctx)?;
    let rows = rows_of(&ctx, &page);
    let next_url = page
        .next_cursor
        .map(|c| format!("/work/queue?{}", enc(&[("cursor", &c)])))
        .unwrap_or_default();
    let subtitle = match ctx.actor.level {
        Some(l) => ctx
            .tr
            .a("work-queue-subtitle", &[("level", &l.to_string())]),
        None => ctx.t("work-queue-subtitle-all"),
    };
    Ok(render(&WorkPage {
        heading: ctx.t("work-queue-title"),
        subtitle,
        rows,
        show_take: ctx.actor.role == Role::Agent,
        show_assignee: false,
        has_filters: false,
        f: Filters::default(),
        next_url,
        empty: ctx.t("work-queue-empty"),
        c: ctx.chrome("queue").await,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AllQuery {
    status: Option<String>,
    #[serde(rename = "type")]
    ticket_type: Option<String>,
    level: Option<String>,
    assignee: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
}

pub async fn work_all(ctx: Ctx, Query(q): Query<AllQuery>) -> Page {
    ctx.require_internal()?;
    let status = blank(&q.status).unwrap_or("");
    let ttype = blank(&q.ticket_type).unwrap_or("");
    let level = blank(&q.level).unwrap_or("");
    let assignee = blank(&q.assignee).unwrap_or("");
    let text = blank(&q.q).unwrap_or("");
    let mut query = TicketQuery {
        brief: true,
        sort: Sort::Newest,
        cursor: blank(&q.cursor).map(String::from),
        ..Default::default()
    };
    if status == "unresolved" {
        query.unresolved = true;
    } else {
        query.status = parse_opt::<Status>(status, "status").or_fail(&ctx)?;
    }
    query.ticket_type = parse_opt::<TicketType>(ttype, "type").or_fail(&ctx)?;
    query.level = parse_id(level, "level").or_fail(&ctx)?.and_then(Level::new);
    query.assignee = match assignee {
        "me" => Some(AssigneeFilter::Me),
        "unassigned" => Some(AssigneeFilter::Unassigned),
        _ => None,
    };
    query.q = (!text.is_empty()).then(|| text.to_string());
    let page = ctx
        .app
        .list_tickets(&ctx.actor, &query)
        .await
        .or_fail(&ctx)?;
    let rows = rows_of(&ctx, &page);
    let next_url = page
        .next_cursor
        .map(|c| {
            format!(
                "/work/all?{}",
                enc(&[
                    ("status", status),
                    ("type", ttype),
                    ("level", level),
                    ("assignee", assignee),
                    ("q", text),
                    ("cursor", &c)
                ])
            )
        })
        .unwrap_or_default();
    let tr = ctx.tr;
    let f = Filters {
        status: status_opts(tr, status, true),
        types: type_opts(tr, ttype, true),
        levels: level_opts(tr, level, true),
        assignee: vec![
            Opt::new("", tr.t("filter-anyone"), assignee.is_empty()),
            Opt::new("me", tr.t("filter-me"), assignee == "me"),
            Opt::new("unassigned", tr.t("unassigned"), assignee == "unassigned"),
        ],
        q: text.to_string(),
    };
    Ok(render(&WorkPage {
        heading: ctx.t("work-all-title"),
        subtitle: ctx.t("work-all-subtitle"),
        rows,
        show_take: false,
        show_assignee: true,
        has_filters: true,
        f,
        next_url,
        empty: ctx.t("work-all-empty"),
        c: ctx.chrome("all").await,
    }))
}

// ---------- new ticket ----------

#[derive(Template)]
#[template(path = "ticket_new.html")]
struct NewTicketPage {
    c: Chrome,
    for_customer: bool,
    title: String,
    description: String,
    types: Vec<Opt>,
    urgency: Vec<Opt>,
    impact: Vec<Opt>,
    requesters: Vec<Opt>,
    services: Vec<Opt>,
    /// Services the desk does not handle, with the reason: (name, reason).
    not_covered: Vec<(String, String)>,
    err: FormErr,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewTicketForm {
    title: String,
    description: String,
    #[serde(rename = "type")]
    ticket_type: String,
    urgency: String,
    impact: String,
    requester_id: String,
    service_id: String,
}

async fn new_ticket_page(
    ctx: &Ctx,
    f: &NewTicketForm,
    err: FormErr,
) -> Result<NewTicketPage, Response> {
    let tr = ctx.tr;
    let internal = ctx.actor.is_internal();
    let mut requesters = Vec::new();
    if internal {
        let customers = ctx
            .app
            .list_users(
                &ctx.actor,
                &UserQuery {
                    role: Some(Role::Customer),
                    active: Some(true),
                    limit: Some(200),
                    ..Default::default()
                },
            )
            .await
            .or_fail(ctx)?;
        requesters.push(Opt::new("", tr.t("choose"), f.requester_id.is_empty()));
        for u in customers.items {
            let v = u.id.to_string();
            let sel = v == f.requester_id;
            requesters.push(Opt::new(v, format!("{} <{}>", u.name, u.email), sel));
        }
    }
    let mut types = vec![Opt::new("", tr.t("choose"), f.ticket_type.is_empty())];
    types.extend(type_opts(tr, &f.ticket_type, false));
    // Left at "default", the service's urgency and impact apply (else medium).
    let mut urgency = vec![Opt::new("", tr.t("default-level"), f.urgency.is_empty())];
    urgency.extend(hml_opts(tr, &f.urgency));
    let mut impact = vec![Opt::new("", tr.t("default-level"), f.impact.is_empty())];
    impact.extend(hml_opts(tr, &f.impact));
    let catalog = ctx.app.services(&ctx.actor, false).await.or_fail(ctx)?;
    let mut services = vec![Opt::new("", tr.t("service-none"), f.service_id.is_empty())];
    let mut not_covered = Vec::new();
    for s in &catalog {
        let v = s.id.to_string();
        let sel = v == f.service_id;
        let label = if s.covered {
            s.name.clone()
        } else {
            not_covered.push((
                s.name.clone(),
                s.not_covered_reason.clone().unwrap_or_default(),
            ));
            tr.a("service-option-not-covered", &[("name", &s.name)])
        };
        services.push(Opt::new(v, label, sel));
    }
    Ok(NewTicketPage {
        c: ctx
            .chrome(if internal { "new" } else { "portal-new" })
            .await,
        for_customer: internal,
        title: f.title.clone(),
        description: f.description.clone(),
        types,
        urgency,
        impact,
        requesters,
        services,
        not_covered,
        err,
    })
}

/// `?service=ID` picks a service in advance (from the services page).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewTicketQuery {
    service: Option<String>,
}

fn with_service(q: &NewTicketQuery) -> NewTicketForm {
    NewTicketForm {
        service_id: blank(&q.service).unwrap_or("").to_string(),
        ..Default::default()
    }
}

fn service_query(q: &NewTicketQuery) -> String {
    match blank(&q.service) {
        Some(s) => format!("?{}", enc(&[("service", s)])),
        None => String::new(),
    }
}

pub async fn portal_new(ctx: Ctx, Query(q): Query<NewTicketQuery>) -> Page {
    if ctx.actor.is_internal() {
        return Ok(see_other(&format!("/tickets/new{}", service_query(&q))));
    }
    Ok(render(
        &new_ticket_page(&ctx, &with_service(&q), FormErr::default()).await?,
    ))
}

pub async fn agent_new(ctx: Ctx, Query(q): Query<NewTicketQuery>) -> Page {
    if !ctx.actor.is_internal() {
        return Ok(see_other(&format!("/portal/new{}", service_query(&q))));
    }
    Ok(render(
        &new_ticket_page(&ctx, &with_service(&q), FormErr::default()).await?,
    ))
}

fn build_new_ticket(ctx: &Ctx, f: &NewTicketForm) -> Result<NewTicket, AppError> {
    let requester_id = if ctx.actor.is_internal() {
        match parse_id(&f.requester_id, "requester_id")? {
            Some(id) => Some(id),
            None => {
                return Err(AppError::invalid(
                    "requester_id",
                    "choose the customer the ticket is for",
                ));
            }
        }
    } else {
        None
    };
    Ok(NewTicket {
        title: f.title.clone(),
        description: f.description.clone(),
        ticket_type: parse_opt::<TicketType>(&f.ticket_type, "type")?,
        urgency: parse_opt::<Urgency>(&f.urgency, "urgency")?,
        impact: if ctx.actor.is_internal() {
            parse_opt::<Impact>(&f.impact, "impact")?
        } else {
            None
        },
        service_id: parse_id(&f.service_id, "service_id")
            .map_err(|_| AppError::invalid("service_id", "choose a service from the list"))?,
        requester_id,
    })
}

pub async fn create(ctx: Ctx, Form(f): Form<NewTicketForm>) -> Page {
    let result = match build_new_ticket(&ctx, &f) {
        Ok(new) => ctx.app.create_ticket(&ctx.actor, new).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(t) => {
            ctx.flash(
                "ok",
                ctx.tr
                    .a("ticket-created", &[("number", &format_number(t.number))]),
            )
            .await;
            Ok(see_other(&format!("/tickets/{}", t.number)))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_) | AppError::Forbidden(_))) => {
            let status = status_of(&e);
            let err = service_refusal(&ctx, &f, &e)
                .await
                .unwrap_or_else(|| FormErr::from_app(ctx.tr, &e));
            let page = new_ticket_page(&ctx, &f, err).await?;
            Ok(render_status(status, &page))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// A service the desk does not cover, refused in the reader's language with the reason.
async fn service_refusal(ctx: &Ctx, f: &NewTicketForm, e: &AppError) -> Option<FormErr> {
    if !matches!(
        e,
        AppError::Invalid {
            field: "service_id",
            ..
        }
    ) {
        return None;
    }
    let id = f.service_id.trim().parse().ok()?;
    let s = ctx.app.service(&ctx.actor, id).await.ok()?;
    (!s.covered).then(|| FormErr {
        field: "service_id".into(),
        message: ctx.tr.a(
            "service-refused",
            &[
                ("name", &s.name),
                ("reason", s.not_covered_reason.as_deref().unwrap_or("")),
            ],
        ),
    })
}

// ---------- ticket page ----------

/// What the person typed, kept when a form fails.
#[derive(Default)]
struct Draft {
    body: String,
    internal: bool,
    set_status: String,
    reason: String,
    esc_level: String,
    esc_agent: String,
}

struct Entry {
    is_comment: bool,
    internal: bool,
    from_customer: bool,
    author: String,
    text: String,
    body_html: String,
    time: String,
    iso: String,
    link: String,
}

struct Prop {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "ticket.html")]
struct TicketPage {
    c: Chrome,
    num: String,
    number: i64,
    title: String,
    status: &'static str,
    status_label: String,
    prio: &'static str,
    prio_label: &'static str,
    ticket_type: &'static str,
    type_label: String,
    level: String,
    description_html: String,
    requester: String,
    opened: String,
    opened_iso: String,
    follow_up_of: String,
    follow_up_url: String,
    props: Vec<Prop>,
    entries: Vec<Entry>,
    internal: bool,
    can_handle: bool,
    can_take: bool,
    can_reopen: bool,
    can_solve: bool,
    closed: bool,
    is_resolved: bool,
    reply_status: Vec<Opt>,
    status_opts: Vec<Opt>,
    type_opts: Vec<Opt>,
    impact_opts: Vec<Opt>,
    urgency_opts: Vec<Opt>,
    assign_opts: Vec<Opt>,
    esc_levels: Vec<Opt>,
    esc_agents: Vec<Opt>,
    draft: Draft,
    err: FormErr,
    err_form: &'static str,
}

async fn ticket_page(
    ctx: &Ctx,
    number: i64,
    draft: Draft,
    err: FormErr,
    err_form: &'static str,
) -> Result<TicketPage, Response> {
    let (t, timeline) = ctx.app.ticket_page(&ctx.actor, number).await.or_fail(ctx)?;
    let tr = ctx.tr;
    let now = ctx.app.now();
    let internal = ctx.actor.is_internal();
    let agents = agents(ctx).await;
    let mut names: HashMap<i64, String> = agents.iter().map(|u| (u.id, u.name.clone())).collect();
    names.insert(t.requester.id, t.requester.name.clone());
    if let Some(a) = &t.assignee {
        names.insert(a.id, a.name.clone());
    }

    let mut entries = Vec::new();
    for e in &timeline {
        let author = e
            .event
            .actor_name
            .clone()
            .unwrap_or_else(|| tr.t("system-actor"));
        if let Some(cm) = &e.comment {
            entries.push(Entry {
                is_comment: true,
                internal: cm.internal,
                from_customer: cm.author_role == Some(Role::Customer),
                author: cm.author.as_ref().map(|a| a.name.clone()).unwrap_or(author),
                text: String::new(),
                body_html: cm.body_html.clone(),
                time: fmt_time(cm.created_at),
                iso: iso_time(cm.created_at),
                link: String::new(),
            });
            continue;
        }
        if matches!(
            e.event.kind.as_str(),
            "comment_added" | "internal_note_added"
        ) {
            continue;
        }
        // The description card at the top already says who opened the ticket and when; the event
        // only adds something when it was created for someone else or as a follow-up.
        if e.event.kind == "ticket_created"
            && e.event.data.get("on_behalf_of").is_none()
            && e.event.data.get("follow_up_of").is_none()
        {
            continue;
        }
        let link = match e.event.kind.as_str() {
            "follow_up_created" => e.event.data["follow_up"]
                .as_i64()
                .map(|n| format!("/tickets/{n}"))
                .unwrap_or_default(),
            _ => String::new(),
        };
        entries.push(Entry {
            is_comment: false,
            internal: e.event.internal,
            from_customer: false,
            author,
            text: view::event_text(tr, &e.event, &names),
            body_html: String::new(),
            time: fmt_time(e.event.created_at),
            iso: iso_time(e.event.created_at),
            link,
        });
    }

    let is_agent = ctx.actor.role == Role::Agent;
    let mine = t.assignee.as_ref().is_some_and(|a| a.id == ctx.actor.id);
    let can_handle = ctx.actor.is_admin() || (is_agent && mine);
    let can_take = is_agent
        && t.assignee.is_none()
        && ctx.actor.level == Some(t.level)
        && t.status != Status::Resolved;
    let is_resolved = t.status == Status::Resolved;
    let can_reopen = is_resolved && t.reopen_until.is_some_and(|u| u >= now);
    let closed = is_resolved && !can_reopen;

    let mut props = vec![
        Prop {
            label: tr.t("prop-status"),
            value: status_label(tr, t.status),
        },
        Prop {
            label: tr.t("prop-type"),
            value: type_label(tr, t.ticket_type),
        },
    ];
    if internal {
        props.push(Prop {
            label: tr.t("prop-priority"),
            value: tr.a(
                "priority-detail",
                &[
                    ("priority", t.priority.label()),
                    ("impact", &impact_label(tr, t.impact)),
                    ("urgency", &urgency_label(tr, t.urgency)),
                ],
            ),
        });
    } else {
        props.push(Prop {
            label: tr.t("prop-urgency"),
            value: urgency_label(tr, t.urgency),
        });
    }
    if let Some(name) = &t.service_name {
        props.push(Prop {
            label: tr.t("prop-service"),
            value: name.clone(),
        });
    }
    props.push(Prop {
        label: tr.t("prop-level"),
        value: tr.a("level-n", &[("level", &t.level.to_string())]),
    });
    props.push(Prop {
        label: tr.t("prop-assignee"),
        value: t
            .assignee
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_else(|| tr.t("unassigned")),
    });
    props.push(Prop {
        label: tr.t("prop-requester"),
        value: t.requester.name.clone(),
    });
    if internal {
        // On a line of its own: beside the name it does not fit the side panel.
        props.push(Prop {
            label: tr.t("field-email"),
            value: t.requester.email.clone(),
        });
    }
    props.push(Prop {
        label: tr.t("prop-created"),
        value: fmt_time(t.created_at),
    });
    props.push(Prop {
        label: tr.t("prop-updated"),
        value: fmt_time(t.updated_at),
    });
    if let Some(u) = t.reopen_until {
        props.push(Prop {
            label: tr.t("prop-reopen-until"),
            value: fmt_time(u),
        });
    }

    let mut reply_status = vec![Opt::new(
        "keep",
        tr.a("reply-keep", &[("status", &status_label(tr, t.status))]),
        draft.set_status.is_empty() || draft.set_status == "keep",
    )];
    for s in Status::ALL {
        if *s == t.status || (is_resolved && *s == Status::Pending) {
            continue;
        }
        reply_status.push(Opt::new(
            s.as_str(),
            tr.t(&format!("reply-set-{}", s.as_str())),
            draft.set_status == s.as_str(),
        ));
    }

    let status_choices = status_opts(tr, t.status.as_str(), false);
    let type_choices = type_opts(tr, t.ticket_type.as_str(), false);
    let impact_opts = hml_opts(tr, t.impact.as_str());
    let urgency_opts = hml_opts(tr, t.urgency.as_str());

    let assign_opts: Vec<Opt> = agents
        .iter()
        .filter(|u| u.active && Some(u.id) != t.assignee.as_ref().map(|a| a.id))
        .filter(|u| ctx.actor.is_admin() || u.level == Some(t.level))
        .map(|u| Opt::new(u.id.to_string(), agent_label(ctx, u), false))
        .collect();

    let esc_levels: Vec<Opt> = Level::ALL
        .iter()
        .filter(|l| **l > t.level)
        .map(|l| {
            let v = l.to_string();
            let sel = draft.esc_level == v;
            Opt::new(v.clone(), tr.a("level-n", &[("level", &v)]), sel)
        })
        .collect();
    let mut esc_agents = vec![Opt::new(
        "",
        tr.t("escalate-by-rule"),
        draft.esc_agent.is_empty(),
    )];
    esc_agents.extend(
        agents
            .iter()
            .filter(|u| u.active && u.level.is_some_and(|l| l > t.level))
            .map(|u| {
                let v = u.id.to_string();
                let sel = draft.esc_agent == v;
                Opt::new(v, agent_label(ctx, u), sel)
            }),
    );

    Ok(TicketPage {
        c: ctx.chrome(if internal { "ticket" } else { "portal" }).await,
        num: format_number(t.number),
        number: t.number,
        title: t.title.clone(),
        status: t.status.as_str(),
        status_label: status_label(tr, t.status),
        prio: t.priority.as_str(),
        prio_label: t.priority.label(),
        ticket_type: t.ticket_type.as_str(),
        type_label: type_label(tr, t.ticket_type),
        level: t.level.to_string(),
        description_html: t.description_html.clone(),
        requester: t.requester.name.clone(),
        opened: fmt_time(t.created_at),
        opened_iso: iso_time(t.created_at),
        follow_up_of: t.follow_up_of.map(format_number).unwrap_or_default(),
        follow_up_url: t
            .follow_up_of
            .map(|n| format!("/tickets/{n}"))
            .unwrap_or_default(),
        props,
        entries,
        internal,
        can_handle,
        can_take,
        can_reopen,
        can_solve: !is_resolved,
        closed,
        is_resolved,
        reply_status,
        status_opts: status_choices,
        type_opts: type_choices,
        impact_opts,
        urgency_opts,
        assign_opts,
        esc_levels,
        esc_agents,
        draft,
        err,
        err_form,
    })
}

pub async fn show(ctx: Ctx, Path(number): Path<String>) -> Page {
    let n = number_of(&ctx, &number)?;
    Ok(render(
        &ticket_page(&ctx, n, Draft::default(), FormErr::default(), "").await?,
    ))
}

/// After an action: back to the ticket on success; on failure the ticket page again, with the
/// error next to the form and what was typed still there.
async fn after(
    ctx: &Ctx,
    n: i64,
    r: Result<String, AppError>,
    draft: Draft,
    form: &'static str,
) -> Page {
    match r {
        Ok(msg) => {
            if !msg.is_empty() {
                ctx.flash("ok", msg).await;
            }
            Ok(see_other(&format!("/tickets/{n}")))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_) | AppError::Forbidden(_))) => {
            let status = status_of(&e);
            let err = FormErr::from_app(ctx.tr, &e);
            Ok(render_status(
                status,
                &ticket_page(ctx, n, draft, err, form).await?,
            ))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    body: String,
    internal: Option<String>,
    set_status: String,
}

pub async fn comment(ctx: Ctx, Path(number): Path<String>, Form(f): Form<CommentForm>) -> Page {
    let n = number_of(&ctx, &number)?;
    let internal = f
        .internal
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "false");
    let set = match f.set_status.trim() {
        "" | "keep" => Ok(None),
        s => s
            .parse::<Status>()
            .map(Some)
            .map_err(|e| AppError::invalid("set_status", e.to_string())),
    };
    let r = match set {
        Ok(set_status) => {
            ctx.app
                .add_comment(
                    &ctx.actor,
                    n,
                    NewComment {
                        body: f.body.clone(),
                        internal,
                        set_status,
                    },
                )
                .await
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(out) if out.follow_up_of.is_some() => {
            ctx.flash(
                "ok",
                ctx.tr.a(
                    "follow-up-created",
                    &[("number", &format_number(out.ticket.number))],
                ),
            )
            .await;
            Ok(see_other(&format!("/tickets/{}", out.ticket.number)))
        }
        Ok(_) => {
            let msg = if internal {
                ctx.t("note-added")
            } else {
                ctx.t("reply-sent")
            };
            after(&ctx, n, Ok(msg), Draft::default(), "").await
        }
        Err(e) => {
            let draft = Draft {
                body: f.body,
                internal,
                set_status: f.set_status,
                ..Default::default()
            };
            after(&ctx, n, Err(e), draft, "reply").await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TypeForm {
    #[serde(rename = "type")]
    ticket_type: String,
}

pub async fn set_type(ctx: Ctx, Path(number): Path<String>, Form(f): Form<TypeForm>) -> Page {
    let n = number_of(&ctx, &number)?;
    let r = match f.ticket_type.trim().parse::<TicketType>() {
        Ok(t) => ctx
            .app
            .update_ticket(
                &ctx.actor,
                n,
                TicketChanges {
                    ticket_type: Some(t),
                    ..Default::default()
                },
            )
            .await
            .map(|_| ctx.t("saved")),
        Err(e) => Err(AppError::invalid("type", e.to_string())),
    };
    after(&ctx, n, r, Draft::default(), "type").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PriorityForm {
    impact: String,
    urgency: String,
}

pub async fn set_priority(
    ctx: Ctx,
    Path(number): Path<String>,
    Form(f): Form<PriorityForm>,
) -> Page {
    let n = number_of(&ctx, &number)?;
    let changes = parse_opt::<Impact>(&f.impact, "impact").and_then(|impact| {
        Ok(TicketChanges {
            impact,
            urgency: parse_opt::<Urgency>(&f.urgency, "urgency")?,
            ..Default::default()
        })
    });
    let r = match changes {
        Ok(c) => ctx
            .app
            .update_ticket(&ctx.actor, n, c)
            .await
            .map(|_| ctx.t("saved")),
        Err(e) => Err(e),
    };
    after(&ctx, n, r, Draft::default(), "priority").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(ctx: Ctx, Path(number): Path<String>, Form(f): Form<StatusForm>) -> Page {
    let n = number_of(&ctx, &number)?;
    let r = match f.status.trim().parse::<Status>() {
        Ok(s) => ctx
            .app
            .update_ticket(
                &ctx.actor,
                n,
                TicketChanges {
                    status: Some(s),
                    ..Default::default()
                },
            )
            .await
            .map(|t| {
                ctx.tr
                    .a("status-now", &[("status", &status_label(ctx.tr, t.status))])
            }),
        Err(e) => Err(AppError::invalid("status", e.to_string())),
    };
    after(&ctx, n, r, Draft::default(), "status").await
}

pub async fn reopen(ctx: Ctx, Path(number): Path<String>) -> Page {
    let n = number_of(&ctx, &number)?;
    let r = ctx
        .app
        .reopen(&ctx.actor, n)
        .await
        .map(|_| ctx.t("reopened"));
    after(&ctx, n, r, Draft::default(), "status").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssignForm {
    assignee_id: String,
}

pub async fn assign(ctx: Ctx, Path(number): Path<String>, Form(f): Form<AssignForm>) -> Page {
    let n = number_of(&ctx, &number)?;
    let r = match parse_id(&f.assignee_id, "assignee_id") {
        Ok(Some(id)) => ctx.app.assign(&ctx.actor, n, id).await.map(|t| {
            ctx.tr.a(
                "assigned-to",
                &[("name", &t.assignee.map(|a| a.name).unwrap_or_default())],
            )
        }),
        Ok(None) => Err(AppError::invalid("assignee_id", "choose an agent")),
        Err(e) => Err(e),
    };
    after(&ctx, n, r, Draft::default(), "assign").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EscalateForm {
    level: String,
    assignee_id: String,
    reason: String,
}

pub async fn escalate(ctx: Ctx, Path(number): Path<String>, Form(f): Form<EscalateForm>) -> Page {
    let n = number_of(&ctx, &number)?;
    let r = match (
        parse_id(&f.level, "level"),
        parse_id(&f.assignee_id, "assignee_id"),
    ) {
        (Ok(Some(level)), Ok(agent)) => ctx
            .app
            .escalate(&ctx.actor, n, level, agent, &f.reason)
            .await
            .map(|t| ctx.tr.a("escalated-to", &[("level", &t.level.to_string())])),
        (Ok(None), _) => Err(AppError::invalid("level", "choose a level")),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let draft = Draft {
        reason: f.reason,
        esc_level: f.level,
        esc_agent: f.assignee_id,
        ..Default::default()
    };
    after(&ctx, n, r, draft, "escalate").await
}
