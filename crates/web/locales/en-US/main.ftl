## Skranke web UI — English

# Navigation and chrome
skip-to-content = Skip to content
nav-label = Main navigation
nav-workspace = Workspace
nav-support = Support
nav-my-tickets = My tickets
nav-queue = Queue
nav-all-tickets = All tickets
nav-new-ticket = New ticket
nav-notifications = Notifications
nav-admin = Admin
nav-users = Users
nav-settings = Settings
nav-audit = Audit log
nav-profile = Profile
logout = Log out
unread = unread
pagination = Pagination
next-page = Next page
older = Older
save = Save
saved = Saved.
choose = Choose…
never = never
new = New
internal = internal
active = Active
inactive = Inactive
nobody = nobody
unassigned = Unassigned
system-actor = Skranke
form-has-errors = Please check the form.

# Errors
error-not-found = Not found
error-not-found-text = There is nothing here, or you do not have access to it.
error-forbidden = Not allowed
error-conflict = That did not work
error-bad-request = Check your input
error-internal-title = Something went wrong
error-internal = Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.
error-home = Go to the start page

# Login, setup, sign-up
login-title = Log in
field-email = Email
field-password = Password
login-button = Log in
login-failed = Wrong e-mail or password. Check both and try again.
login-no-account = No account yet?
signup-link = Sign up
signup-title = Create an account
signup-button = Create account
signup-have-account = Already have an account? Log in
setup-title = Set up Skranke
setup-intro = Create the first administrator account. This page is only available until an administrator exists.
setup-button = Create administrator
field-name = Name
password-hint = At least 8 characters.

# Labels for values
status-open = Open
status-pending = Pending
status-resolved = Resolved
type-incident = Incident
type-request = Request
level-high = High
level-medium = Medium
level-low = Low
level-n = Level { $level }
level-short = Level
level-none = — (no level)
role-customer = Customer
role-agent = Agent
role-admin = Admin
mode-auto = Automatic (fewest open tickets)
mode-queue = Queue (agents take tickets)

# Ages
age-minutes = { $n }m
age-hours = { $n }h
age-days = { $n }d

# Lists
col-number = #
col-title = Title
col-status = Status
col-type = Type
col-priority = Priority
col-requester = Requester
col-assignee = Assignee
col-level = Level
col-age = Age
col-updated = Updated
col-actions = Actions
col-message = Message
col-time = Time
col-name = Name
col-email = Email
col-role = Role
col-active = Active
col-created = Created
col-last-used = Last used
col-actor = Who
col-ticket = Ticket
col-kind = Kind
col-what = What happened
filter-any = Any
filter-anyone = Anyone
filter-me = Me
filter-unresolved = Unresolved (open or pending)
filter-search = Search
filter-search-placeholder = Title or description
filter-apply = Apply
filter-reset = Reset
filter-from = From
filter-to = To
take = Take

# Customer portal
portal-title = My tickets
portal-subtitle = Everything you have reported to IT support, newest first.
portal-empty-title = No tickets yet
portal-empty-text = When something is broken or you need something, create a ticket and support will pick it up.
new-ticket = New ticket

# Agent workspace
work-mine-title = My tickets
work-mine-subtitle = Unresolved tickets assigned to you, most urgent first.
work-mine-empty = Nothing assigned to you right now.
work-queue-title = Queue
work-queue-subtitle = Unassigned tickets waiting at level { $level }, most urgent first.
work-queue-subtitle-all = Unassigned tickets waiting at every level, most urgent first.
work-queue-empty = The queue is empty.
work-all-title = All tickets
work-all-subtitle = Every ticket, newest first.
work-all-empty = No tickets match these filters.

# New ticket
new-ticket-title = New ticket
new-ticket-subtitle = Tell us what is wrong or what you need. Support will answer here.
new-ticket-subtitle-agent = Create a ticket on behalf of a customer.
field-requester = Customer
field-title = Title
field-title-hint = A short summary, e.g. "The printer on 2nd floor does not print". At most 200 characters.
field-type = Type
field-type-hint = Incident: something is broken. Request: something is wanted. With a service picked, you may leave it to the service.
field-urgency = Urgency
field-urgency-hint = How soon does it hurt your work?
field-impact = Impact
field-description = Description
field-description-hint = What happened, what you expected, and what you have tried. Markdown is supported.
create-ticket = Create ticket
ticket-created = Ticket { $number } was created.

# Ticket page
conversation = Conversation
opened-ticket = opened the ticket
internal-note = Internal note
open-ticket = Open
follow-up-of = Follow-up to
reply-heading = Reply
comment-heading = Add a comment
field-reply = Message
field-comment = Comment
field-then-status = Then set the status
reply-keep = Keep as { $status }
reply-set-open = Set to Open
reply-set-pending = Set to Pending (waiting on the customer)
reply-set-resolved = Resolve
send = Send
closed-follow-up-hint = This ticket was closed some time ago. Writing here starts a new follow-up ticket.
resolved-comment-hint = This ticket is resolved. Writing a comment reopens it.
mark-solved = Mark as solved
reopen = Reopen
ticket-details = Details
prop-status = Status
prop-type = Type
prop-priority = Priority
prop-urgency = Urgency
prop-level = Level
prop-assignee = Assignee
prop-requester = Requester
prop-created = Created
prop-updated = Updated
prop-reopen-until = Can be reopened until
priority-detail = { $priority } (impact { $impact }, urgency { $urgency })
status-heading = Status
field-status = Status
update-status = Update status
triage-heading = Triage
change-type = Change type
update-priority = Update priority
reassign-heading = Reassign
field-agent = Agent
reassign = Reassign
escalate-heading = Escalate
field-level = Level
escalate-by-rule = By the level's rule (automatic or queue)
field-reason = Reason
field-reason-hint = Kept as an internal note on the ticket.
escalate = Escalate
not-your-ticket = Only the assignee or an admin can change this ticket. You can still add internal notes.
reply-sent = Your reply was sent.
note-added = The internal note was added.
status-now = The status is now { $status }.
reopened = The ticket was reopened.
assigned-to = The ticket is now assigned to { $name }.
escalated-to = The ticket was escalated to level { $level }.
follow-up-created = Your message started a new follow-up ticket, { $number }.

# Timeline events (the actor's name comes first)
ev-created = created the ticket
ev-created-on-behalf = created the ticket on behalf of { $name }
ev-created-follow-up = created the ticket as a follow-up to { $number }
ev-comment = added a comment
ev-internal-note = added an internal note
ev-status = changed the status from { $from } to { $to }
ev-reopened = reopened the ticket
ev-type = changed the type from { $from } to { $to }
ev-priority = changed the priority from { $from } to { $to } (impact { $impact }, urgency { $urgency })
ev-assigned = assigned the ticket to { $name }
ev-assigned-auto = assigned to { $name } (fewest unresolved tickets: { $count })
ev-assigned-taken = took the ticket
ev-assigned-named = assigned to { $name }
ev-queued = put the ticket in the level { $level } queue
ev-queued-unstaffed = no agent is available at level { $level }: the ticket waits in the queue
ev-escalated = escalated from level { $from } to level { $to }
ev-follow-up = started a follow-up ticket, { $number }
ev-auto-closed = resolved the ticket automatically after no reply
ev-notification-sent = sent a notification
ev-user-created = created the user { $email } ({ $role })
ev-user-updated = edited the user { $email }
ev-password-reset = reset the password of { $name }
ev-settings = changed settings: { $keys }
ev-token-created = created an API token "{ $name }"
ev-logged-in = logged in

# Notifications
notifications-title = Notifications
notifications-empty = No notifications.
mark-all-read = Mark all as read
notifications-marked = All notifications are marked as read.

# Profile
profile-title = Profile
language-heading = Language
field-language = Language
language-auto = Automatic (from the browser)
language-saved = Your language was saved.
tokens-heading = API tokens
api-reference-link = The API reference
tokens-intro = Tokens let scripts and other programs use the Skranke API as you. Treat them like passwords.
token-created = New API token
token-copy-now = Copy it now: it is shown only once.
field-token-name = Token name
create-token = Create token
revoke = Revoke
token-revoked = The token was revoked.

# Admin: users
users-title = Users
users-empty = No users.
new-user = New user
edit-user = Edit user
back-to-users = ← All users
field-role = Role
field-level-hint = Agents work at level 1, 2 or 3; others have no level.
field-password-optional = Optional: without a password the person cannot log in until one is set. At least 8 characters.
field-active = Active (can log in and receive tickets)
create-user = Create user
user-created = { $name } was created.
user-saved = { $name } was saved.
reset-password = Reset password
field-new-password = New password
password-reset-done = The password was reset.

# Admin: settings
settings-title = Settings
settings-accounts = Accounts
settings-signup = Customers may sign up themselves
settings-routing = Ticket routing
settings-routing-intro = Automatic assigns each new ticket to the active agent of the level with the fewest unresolved tickets. Queue keeps tickets in the level's queue until an agent takes one.
settings-level-mode = Level { $level }
settings-lifecycle = Reopening and auto-close
settings-duration-hint = Durations are written like 14d, 36h or 90s.
settings-reopen-window = Reopen window
settings-autoclose-after = Auto-close pending tickets after
settings-reminder-before = Reminder before auto-close
settings-matrix = Priority matrix
settings-matrix-intro = Impact (rows) × urgency (columns) gives the priority, P1 the most urgent.
settings-matrix-cell = Priority for impact { $impact } and urgency { $urgency }
matrix-corner = Impact \ urgency
save-settings = Save settings
settings-saved = Settings saved.

# Admin: audit
audit-title = Audit log
audit-subtitle = Everything that happened, newest first.
audit-empty = No events match these filters.
audit-bad-ticket = Write a ticket number, like 1042 or #1042.
audit-bad-date = Write a date as YYYY-MM-DD.

# Knowledge base
nav-knowledge = Knowledge
nav-help = Help
nav-kb = Knowledge base
nav-articles = Articles
nav-services = Services
nav-service-catalog = Service catalog
nav-sla = SLA
nav-admin-services = Catalog and SLA
kb-title = Knowledge base
kb-subtitle = Articles, procedures and the documents customers read. Search finds Danish and English word forms.
articles-title = Articles
articles-subtitle = Help articles, the SLA and the Service catalog.
kb-search-title = Search: { $q }
kb-search-label = Search
kb-search-placeholder = Words in the title or text
kb-search-button = Search
kb-empty = No documents yet
kb-empty-text = Write down what you know: fixes, procedures, the SLA and the Service catalog.
kb-no-results = Nothing matches "{ $q }"
kb-no-results-text = Try fewer or other words.
kb-results-for = Best matches for "{ $q }" first.
new-document = New document
visibility-internal = Internal
visibility-public = Public
visibility-internal-choice = Internal — agents and admins only
visibility-public-choice = Public — customers can read it too
designation-sla = SLA
designation-service_catalog = Service catalog
doc-updated = Updated
doc-last-edited = Last edited by { $name },
doc-revision-n = revision { $revision }
edit = Edit
history = History
cancel = Cancel
doc-details = Details
doc-readers = Who can read it
doc-revision = Revision
doc-created = Created
doc-edited = Last edited
doc-link = Link in a comment
readers-internal = Agents and admins only
readers-public = Everyone signed in, customers too (public)
readers-sla = Everyone signed in, customers too: it is the SLA
readers-catalog = Everyone signed in, customers too: it is the Service catalog
designation-heading = SLA and Service catalog
designation-intro = The SLA and the Service catalog are in every person's navigation, customers included.
designation-sla-set = Use as the SLA
designation-sla-clear = Stop using as the SLA
designation-catalog-set = Use as the Service catalog
designation-catalog-clear = Stop using as the Service catalog
designation-replaces = Replaces "{ $title }".
designation-none = — none —
designations-heading = SLA and Service catalog documents
designations-intro = Everyone signed in can read these two documents from the navigation, customers included, whatever their visibility.
designations-save = Save
designations-saved = The SLA and Service catalog documents were saved.
edit-document-title = Edit: { $title }
field-doc-title = Title
field-visibility = Visibility
field-visibility-hint = Customers can read public documents, the SLA and the Service catalog; nothing else.
field-doc-body = Text (Markdown)
field-doc-body-hint = Markdown: # headings, **bold**, lists, tables with | pipes |, task lists with - [ ], code in ``` fences. A line with just {"{{"}services{"}}"} shows the live list of services.
create-document = Create document
save-document = Save
doc-created-flash = "{ $title }" was created.
doc-saved = Saved as revision { $revision }.
doc-unchanged = Nothing changed, so no new revision was saved.
doc-conflict-title = Not saved: someone else changed this document while you were editing it.
doc-conflict-text = { $name } saved revision { $revision } after you opened revision { $base }. Nothing was overwritten, and your text is still here below, not saved.
doc-conflict-current = See the current version
doc-conflict-diff = See what changed
opens-in-new-tab = opens in a new tab
doc-conflict-next = Bring their changes into your text, then save: saving now replaces the current version with the text below.
images-heading = Images
images-after-create = You can add images once the document is created.
field-image = Add an image
field-image-hint = PNG, JPEG, GIF or WebP, at most 5 MiB. Uploading keeps what you typed and adds the image's Markdown at the end of the text; move it where the image belongs, then save.
upload-image = Upload image
images-uploaded = Images in this document
image-uploaded = Image uploaded.
image-uploaded-text = This was added at the end of the text (not saved yet):
image-too-large = The image is too large: at most 5 MiB.
image-choose-first = Choose an image file first.
history-title = History: { $title }
history-subtitle = Every saved revision, newest first. Pick two to compare, or restore an old one as a new revision.
history-compare-hint = Choose a "from" and a "to" revision in the table.
history-compare = Compare
col-from = From
col-to = To
col-revision = Revision
col-author = Author
compare-from-n = Compare from revision { $revision }
compare-to-n = Compare to revision { $revision }
revision-n = Revision { $revision }
revision-current = current
revision-restored-from = restored from { $revision }
restore = Restore
restore-this = Restore this revision
doc-restored = Revision { $from } was restored as revision { $revision }.
revision-compare-current = Compare with the current version
revision-old-note = This is an old revision; the current one is revision { $revision }.
revision-see-current = See the current version
diff-title = Changes
diff-rev-meta = revision { $revision } ({ $name }, { $time })
diff-swap = Swap
diff-title-changed = The title changed:
diff-same = The two revisions have the same text.
diff-summary-added = { $n ->
    [one] 1 line added
   *[other] { $n } lines added
}
diff-summary-removed = { $n ->
    [one] 1 line removed
   *[other] { $n } lines removed
}
diff-change = Change
diff-text = Text
diff-added = Added:
diff-removed = Removed:
diff-unchanged = { $n ->
    [one] 1 unchanged line
   *[other] { $n } unchanged lines
}

# Services
services-title = Services
services-subtitle = What the IT service desk handles, and what it does not.
services-edit = Edit services
services-empty = No services in the catalog yet.
service-covered = Covered
service-not-covered = Not covered
service-new-ticket = Create a ticket
service-why-not = Why not:
admin-services-title = Catalog and SLA
admin-services-subtitle = The services people pick on a ticket, and which documents are the SLA and the Service catalog.
new-service = New service
edit-service = Edit service
col-defaults = Defaults
col-covered = Covered
field-service-name = Name
field-service-description = Description
field-service-description-hint = Shown to everyone in the service list.
field-default-impact = Default impact
field-default-urgency = Default urgency
field-covered = Covered by the service desk
field-not-covered-reason = Why it is not covered
field-not-covered-reason-hint = Required when the service is not covered; customers are shown it. At most 500 characters.
field-service-active = Active (can be picked on new tickets)
field-service-active-hint = A retired service stays on the tickets that name it.
create-service = Create service
service-created = { $name } was added to the catalog.
service-saved = { $name } was saved.
field-service = Service
field-service-hint = Optional. A service fills in its type and urgency when you leave them at the default.
field-service-list = See all services
service-none = — None / not sure —
service-option-not-covered = { $name } (not covered)
not-covered-heading = Not covered by the service desk:
default-level = Default (the service's, else Medium)
service-refused = { $name } is not covered by the service desk: { $reason }
prop-service = Service
reply-kb-hint = Link a knowledge base document with [text](/kb/ID). Customers can open it only when it is public, the SLA or the Service catalog.
reply-kb-open = Open the knowledge base

# Audit texts for the knowledge base
ev-document-created = created the document "{ $title }"
ev-document-edited = edited the document "{ $title }" (revision { $revision })
ev-document-restored = restored revision { $from } of "{ $title }" as revision { $revision }
ev-designation-set = made document { $id } the { $name }
ev-designation-cleared = removed the { $name } designation
ev-attachment-added = added the image { $filename } to document { $id }
ev-service-created = added the service { $name }
ev-service-updated = edited the service { $name }

## Notifications
notify-unassigned = #{ $number } waits unassigned: no active agent at level { $level }
notify-waiting_on_you = #{ $number } is waiting for your reply: { $title }
notify-resolved = #{ $number } has been resolved: { $title }
notify-assigned_to_you = #{ $number } was assigned to you by { $by }: { $title }
notify-escalated_to_you = #{ $number } was escalated to you by { $by }: { $title }

## Webhooks and failed jobs
nav-webhooks = Webhooks
actions = Actions
webhooks-title = Webhooks
webhooks-intro = Skranke POSTs each chosen event as JSON to the URL, signed with HMAC-SHA256 (header X-Skranke-Signature), and retries failed deliveries with backoff.
webhooks-empty = No webhooks yet.
webhook-url = URL
webhook-events = Events
webhook-new = New webhook
webhook-create = Create webhook
webhook-activate = Turn on
webhook-deactivate = Turn off
webhook-secret-once = The webhook's signing secret. Copy it now: it is not shown again.
failed-jobs-title = Failed background jobs
failed-jobs-none = No background job has failed for good.
failed-job-kind = Kind
failed-job-attempts = Attempts
failed-job-error = Last error
failed-job-when = Failed
deliveries-title = Deliveries
deliveries-empty = Nothing delivered yet.
delivery-event = Event
delivery-status = Status
delivery-delivered = Delivered
delivery-failed = Failed
delivery-pending = Retrying
