## Skranke web UI — dansk

# Navigation
skip-to-content = Gå til indholdet
nav-label = Hovednavigation
nav-workspace = Arbejdsområde
nav-support = Support
nav-my-tickets = Mine sager
nav-queue = Kø
nav-all-tickets = Alle sager
nav-new-ticket = Ny sag
nav-notifications = Notifikationer
nav-admin = Administration
nav-users = Brugere
nav-settings = Indstillinger
nav-audit = Hændelseslog
nav-profile = Profil
logout = Log ud
unread = ulæste
pagination = Sider
next-page = Næste side
older = Ældre
save = Gem
saved = Gemt.
choose = Vælg…
never = aldrig
new = Ny
internal = intern
active = Aktiv
inactive = Inaktiv
nobody = ingen
unassigned = Ikke tildelt
system-actor = Skranke
form-has-errors = Tjek venligst formularen.

# Fejl
error-not-found = Ikke fundet
error-not-found-text = Der er intet her, eller du har ikke adgang til det.
error-forbidden = Ikke tilladt
error-conflict = Det lykkedes ikke
error-bad-request = Tjek dine oplysninger
error-internal-title = Noget gik galt
error-internal = Noget gik galt hos os. Prøv igen; hvis det bliver ved, så kontakt din administrator.
error-home = Gå til forsiden

# Log ind, opsætning, tilmelding
login-title = Log ind
field-email = E-mail
field-password = Adgangskode
login-button = Log ind
login-failed = Forkert e-mail eller adgangskode. Tjek begge og prøv igen.
login-no-account = Har du ingen konto?
signup-link = Opret konto
signup-title = Opret en konto
signup-button = Opret konto
signup-have-account = Har du allerede en konto? Log ind
setup-title = Opsæt Skranke
setup-intro = Opret den første administrator. Siden findes kun, indtil der er en administrator.
setup-button = Opret administrator
field-name = Navn
password-hint = Mindst 8 tegn.

# Værdier
status-open = Åben
status-pending = Afventer
status-resolved = Løst
type-incident = Fejl
type-request = Anmodning
level-high = Høj
level-medium = Middel
level-low = Lav
level-n = Niveau { $level }
level-short = Niveau
level-none = — (intet niveau)
role-customer = Kunde
role-agent = Supporter
role-admin = Administrator
mode-auto = Automatisk (færrest åbne sager)
mode-queue = Kø (supportere tager sager)

# Alder
age-minutes = { $n } min
age-hours = { $n } t
age-days = { $n } d

# Lister
col-number = #
col-title = Titel
col-status = Status
col-type = Type
col-priority = Prioritet
col-requester = Anmoder
col-assignee = Ansvarlig
col-level = Niveau
col-age = Alder
col-updated = Opdateret
col-actions = Handlinger
col-message = Besked
col-time = Tidspunkt
col-name = Navn
col-email = E-mail
col-role = Rolle
col-active = Aktiv
col-created = Oprettet
col-last-used = Sidst brugt
col-actor = Hvem
col-ticket = Sag
col-kind = Slags
col-what = Hvad skete der
filter-any = Alle
filter-anyone = Alle
filter-me = Mig
filter-unresolved = Uløste (åbne eller afventende)
filter-search = Søg
filter-search-placeholder = Titel eller beskrivelse
filter-apply = Anvend
filter-reset = Nulstil
filter-from = Fra
filter-to = Til
take = Tag

# Kundeportal
portal-title = Mine sager
portal-subtitle = Alt hvad du har meldt til IT-supporten, nyeste først.
portal-empty-title = Ingen sager endnu
portal-empty-text = Når noget ikke virker, eller du har brug for noget, så opret en sag, og supporten tager sig af den.
new-ticket = Ny sag

# Arbejdsområde
work-mine-title = Mine sager
work-mine-subtitle = Uløste sager tildelt dig, mest presserende først.
work-mine-empty = Du har ingen sager lige nu.
work-queue-title = Kø
work-queue-subtitle = Sager uden ansvarlig på niveau { $level }, mest presserende først.
work-queue-subtitle-all = Sager uden ansvarlig på alle niveauer, mest presserende først.
work-queue-empty = Køen er tom.
work-all-title = Alle sager
work-all-subtitle = Alle sager, nyeste først.
work-all-empty = Ingen sager passer til filtrene.

# Ny sag
new-ticket-title = Ny sag
new-ticket-subtitle = Fortæl hvad der er galt, eller hvad du har brug for. Supporten svarer her.
new-ticket-subtitle-agent = Opret en sag på vegne af en kunde.
field-requester = Kunde
field-title = Titel
field-title-hint = Et kort resumé, fx "Printeren på 2. sal printer ikke". Højst 200 tegn.
field-type = Type
field-type-hint = Fejl: noget virker ikke. Anmodning: du ønsker noget. Har du valgt en ydelse, kan du lade ydelsen bestemme.
field-urgency = Hast
field-urgency-hint = Hvor hurtigt går det ud over dit arbejde?
field-impact = Omfang
field-description = Beskrivelse
field-description-hint = Hvad skete der, hvad forventede du, og hvad har du prøvet? Markdown understøttes.
create-ticket = Opret sag
ticket-created = Sag { $number } er oprettet.

# Sagsside
conversation = Samtale
opened-ticket = oprettede sagen
internal-note = Intern note
open-ticket = Åbn
follow-up-of = Opfølgning på
reply-heading = Svar
comment-heading = Skriv en kommentar
field-reply = Besked
field-comment = Kommentar
field-then-status = Sæt derefter status
reply-keep = Behold som { $status }
reply-set-open = Sæt til Åben
reply-set-pending = Sæt til Afventer (venter på kunden)
reply-set-resolved = Løs sagen
send = Send
closed-follow-up-hint = Sagen blev lukket for et stykke tid siden. Skriver du her, oprettes en ny opfølgningssag.
resolved-comment-hint = Sagen er løst. Skriver du en kommentar, genåbnes den.
mark-solved = Markér som løst
reopen = Genåbn
ticket-details = Detaljer
prop-status = Status
prop-type = Type
prop-priority = Prioritet
prop-urgency = Hast
prop-level = Niveau
prop-assignee = Ansvarlig
prop-requester = Anmoder
prop-created = Oprettet
prop-updated = Opdateret
prop-reopen-until = Kan genåbnes indtil
priority-detail = { $priority } (omfang { $impact }, hast { $urgency })
status-heading = Status
field-status = Status
update-status = Opdatér status
triage-heading = Vurdering
change-type = Skift type
update-priority = Opdatér prioritet
reassign-heading = Tildel igen
field-agent = Supporter
reassign = Tildel
escalate-heading = Eskalér
field-level = Niveau
escalate-by-rule = Efter niveauets regel (automatisk eller kø)
field-reason = Begrundelse
field-reason-hint = Gemmes som en intern note på sagen.
escalate = Eskalér
not-your-ticket = Kun den ansvarlige eller en administrator kan ændre sagen. Du kan stadig skrive interne noter.
reply-sent = Dit svar er sendt.
note-added = Den interne note er tilføjet.
status-now = Status er nu { $status }.
reopened = Sagen er genåbnet.
assigned-to = Sagen er nu tildelt { $name }.
escalated-to = Sagen er eskaleret til niveau { $level }.
follow-up-created = Din besked har oprettet en ny opfølgningssag, { $number }.

# Tidslinje
ev-created = oprettede sagen
ev-created-on-behalf = oprettede sagen på vegne af { $name }
ev-created-follow-up = oprettede sagen som opfølgning på { $number }
ev-comment = skrev en kommentar
ev-internal-note = skrev en intern note
ev-status = ændrede status fra { $from } til { $to }
ev-reopened = genåbnede sagen
ev-type = ændrede typen fra { $from } til { $to }
ev-priority = ændrede prioriteten fra { $from } til { $to } (omfang { $impact }, hast { $urgency })
ev-assigned = tildelte sagen til { $name }
ev-assigned-auto = tildelt { $name } (færrest uløste sager: { $count })
ev-assigned-taken = tog sagen
ev-assigned-named = tildelt { $name }
ev-queued = satte sagen i køen på niveau { $level }
ev-queued-unstaffed = ingen supporter er ledig på niveau { $level }: sagen venter i køen
ev-escalated = eskalerede fra niveau { $from } til niveau { $to }
ev-follow-up = oprettede en opfølgningssag, { $number }
ev-auto-closed = løste sagen automatisk, da der ikke kom svar
ev-notification-sent = sendte en notifikation
ev-user-created = oprettede brugeren { $email } ({ $role })
ev-user-updated = redigerede brugeren { $email }
ev-password-reset = nulstillede adgangskoden for { $name }
ev-settings = ændrede indstillinger: { $keys }
ev-token-created = oprettede API-nøglen "{ $name }"
ev-logged-in = loggede ind

# Notifikationer
notifications-title = Notifikationer
notifications-empty = Ingen notifikationer.
mark-all-read = Markér alle som læst
notifications-marked = Alle notifikationer er markeret som læst.

# Profil
profile-title = Profil
language-heading = Sprog
field-language = Sprog
language-auto = Automatisk (fra browseren)
language-saved = Dit sprog er gemt.
tokens-heading = API-nøgler
api-reference-link = API-referencen
tokens-intro = Med en nøgle kan scripts og andre programmer bruge Skrankes API som dig. Pas på dem som på en adgangskode.
token-created = Ny API-nøgle
token-copy-now = Kopiér den nu: den vises kun én gang.
field-token-name = Nøglens navn
create-token = Opret nøgle
revoke = Tilbagekald
token-revoked = Nøglen er tilbagekaldt.

# Administration: brugere
users-title = Brugere
users-empty = Ingen brugere.
new-user = Ny bruger
edit-user = Redigér bruger
back-to-users = ← Alle brugere
field-role = Rolle
field-level-hint = Supportere arbejder på niveau 1, 2 eller 3; andre har intet niveau.
field-password-optional = Valgfri: uden adgangskode kan personen ikke logge ind, før der er sat en. Mindst 8 tegn.
field-active = Aktiv (kan logge ind og få sager)
create-user = Opret bruger
user-created = { $name } er oprettet.
user-saved = { $name } er gemt.
reset-password = Nulstil adgangskode
field-new-password = Ny adgangskode
password-reset-done = Adgangskoden er nulstillet.

# Administration: indstillinger
settings-title = Indstillinger
settings-accounts = Konti
settings-signup = Kunder må selv oprette en konto
settings-routing = Fordeling af sager
settings-routing-intro = Automatisk tildeler hver ny sag til den aktive supporter på niveauet med færrest uløste sager. Kø holder sagerne i niveauets kø, indtil en supporter tager en.
settings-level-mode = Niveau { $level }
settings-lifecycle = Genåbning og automatisk lukning
settings-duration-hint = Varigheder skrives som 14d, 36h eller 90s.
settings-reopen-window = Frist for genåbning
settings-autoclose-after = Luk afventende sager automatisk efter
settings-reminder-before = Påmindelse før automatisk lukning
settings-matrix = Prioritetsmatrix
settings-matrix-intro = Omfang (rækker) × hast (kolonner) giver prioriteten; P1 er mest presserende.
settings-matrix-cell = Prioritet for omfang { $impact } og hast { $urgency }
matrix-corner = Omfang \ hast
save-settings = Gem indstillinger
settings-saved = Indstillingerne er gemt.

# Administration: hændelseslog
audit-title = Hændelseslog
audit-subtitle = Alt hvad der er sket, nyeste først.
audit-empty = Ingen hændelser passer til filtrene.
audit-bad-ticket = Skriv et sagsnummer, fx 1042 eller #1042.
audit-bad-date = Skriv en dato som ÅÅÅÅ-MM-DD.

# Vidensbase
nav-knowledge = Viden
nav-help = Hjælp
nav-kb = Vidensbase
nav-articles = Artikler
nav-services = Ydelser
nav-service-catalog = Servicekatalog
nav-sla = SLA
nav-admin-services = Katalog og SLA
kb-title = Vidensbase
kb-subtitle = Artikler, fremgangsmåder og de dokumenter, kunderne læser. Søgningen finder danske og engelske bøjningsformer.
articles-title = Artikler
articles-subtitle = Hjælpeartikler, SLA'en og servicekataloget.
kb-search-title = Søgning: { $q }
kb-search-label = Søg
kb-search-placeholder = Ord i titlen eller teksten
kb-search-button = Søg
kb-empty = Ingen dokumenter endnu
kb-empty-text = Skriv ned, hvad I ved: løsninger, fremgangsmåder, SLA'en og servicekataloget.
kb-no-results = Intet passer til "{ $q }"
kb-no-results-text = Prøv med færre eller andre ord.
kb-results-for = Bedste resultater for "{ $q }" først.
new-document = Nyt dokument
visibility-internal = Internt
visibility-public = Offentligt
visibility-internal-choice = Internt — kun supportere og administratorer
visibility-public-choice = Offentligt — kunder kan også læse det
designation-sla = SLA
designation-service_catalog = Servicekatalog
doc-updated = Opdateret
doc-last-edited = Sidst redigeret af { $name },
doc-revision-n = version { $revision }
edit = Redigér
history = Historik
cancel = Annullér
doc-details = Detaljer
doc-readers = Hvem kan læse det
doc-revision = Version
doc-created = Oprettet
doc-edited = Sidst redigeret
doc-link = Link i en kommentar
readers-internal = Kun supportere og administratorer
readers-public = Alle der er logget ind, også kunder (offentligt)
readers-sla = Alle der er logget ind, også kunder: det er SLA'en
readers-catalog = Alle der er logget ind, også kunder: det er servicekataloget
designation-heading = SLA og servicekatalog
designation-intro = SLA'en og servicekataloget står i alles navigation, også kundernes.
designation-sla-set = Brug som SLA
designation-sla-clear = Brug ikke længere som SLA
designation-catalog-set = Brug som servicekatalog
designation-catalog-clear = Brug ikke længere som servicekatalog
designation-replaces = Erstatter "{ $title }".
designation-none = — ingen —
designations-heading = Dokumenterne for SLA og servicekatalog
designations-intro = Alle der er logget ind kan læse de to dokumenter fra navigationen, også kunder, uanset synlighed.
designations-save = Gem
designations-saved = Dokumenterne for SLA og servicekatalog er gemt.
edit-document-title = Redigér: { $title }
field-doc-title = Titel
field-visibility = Synlighed
field-visibility-hint = Kunder kan læse offentlige dokumenter, SLA'en og servicekataloget; intet andet.
field-doc-body = Tekst (Markdown)
field-doc-body-hint = Markdown: # overskrifter, **fed**, lister, tabeller med | lodrette streger |, tjeklister med - [ ], kode i ```-blokke. En linje med kun {"{{"}services{"}}"} viser den aktuelle liste over ydelser.
create-document = Opret dokument
save-document = Gem
doc-created-flash = "{ $title }" er oprettet.
doc-saved = Gemt som version { $revision }.
doc-unchanged = Intet er ændret, så der er ikke gemt en ny version.
doc-conflict-title = Ikke gemt: en anden har ændret dokumentet, mens du redigerede det.
doc-conflict-text = { $name } gemte version { $revision }, efter du åbnede version { $base }. Intet er overskrevet, og din tekst står her nedenfor, ikke gemt.
doc-conflict-current = Se den aktuelle version
doc-conflict-diff = Se hvad der er ændret
opens-in-new-tab = åbner i en ny fane
doc-conflict-next = Før deres ændringer ind i din tekst, og gem så: gemmer du nu, erstatter teksten nedenfor den aktuelle version.
images-heading = Billeder
images-after-create = Du kan tilføje billeder, når dokumentet er oprettet.
field-image = Tilføj et billede
field-image-hint = PNG, JPEG, GIF eller WebP, højst 5 MiB. Upload beholder det, du har skrevet, og tilføjer billedets Markdown sidst i teksten; flyt det hen, hvor billedet skal stå, og gem.
upload-image = Upload billede
images-uploaded = Billeder i dokumentet
image-uploaded = Billedet er uploadet.
image-uploaded-text = Dette er tilføjet sidst i teksten (ikke gemt endnu):
image-too-large = Billedet er for stort: højst 5 MiB.
image-choose-first = Vælg først en billedfil.
history-title = Historik: { $title }
history-subtitle = Alle gemte versioner, nyeste først. Vælg to at sammenligne, eller gendan en gammel som en ny version.
history-compare-hint = Vælg en "fra"- og en "til"-version i tabellen.
history-compare = Sammenlign
col-from = Fra
col-to = Til
col-revision = Version
col-author = Forfatter
compare-from-n = Sammenlign fra version { $revision }
compare-to-n = Sammenlign til version { $revision }
revision-n = Version { $revision }
revision-current = aktuel
revision-restored-from = gendannet fra { $revision }
restore = Gendan
restore-this = Gendan denne version
doc-restored = Version { $from } er gendannet som version { $revision }.
revision-compare-current = Sammenlign med den aktuelle version
revision-old-note = Dette er en gammel version; den aktuelle er version { $revision }.
revision-see-current = Se den aktuelle version
diff-title = Ændringer
diff-rev-meta = version { $revision } ({ $name }, { $time })
diff-swap = Byt om
diff-title-changed = Titlen er ændret:
diff-same = De to versioner har samme tekst.
diff-summary-added = { $n ->
    [one] 1 linje tilføjet
   *[other] { $n } linjer tilføjet
}
diff-summary-removed = { $n ->
    [one] 1 linje fjernet
   *[other] { $n } linjer fjernet
}
diff-change = Ændring
diff-text = Tekst
diff-added = Tilføjet:
diff-removed = Fjernet:
diff-unchanged = { $n ->
    [one] 1 uændret linje
   *[other] { $n } uændrede linjer
}

# Ydelser
services-title = Ydelser
services-subtitle = Hvad IT-supporten tager sig af, og hvad den ikke gør.
services-edit = Redigér ydelser
services-empty = Der er ingen ydelser i kataloget endnu.
service-covered = Dækket
service-not-covered = Ikke dækket
service-new-ticket = Opret en sag
service-why-not = Hvorfor ikke:
admin-services-title = Katalog og SLA
admin-services-subtitle = Ydelserne man vælger på en sag, og hvilke dokumenter der er SLA'en og servicekataloget.
new-service = Ny ydelse
edit-service = Redigér ydelse
col-defaults = Standard
col-covered = Dækket
field-service-name = Navn
field-service-description = Beskrivelse
field-service-description-hint = Vises for alle i listen over ydelser.
field-default-impact = Standardomfang
field-default-urgency = Standardhast
field-covered = Dækket af IT-supporten
field-not-covered-reason = Hvorfor den ikke er dækket
field-not-covered-reason-hint = Skal udfyldes, når ydelsen ikke er dækket; kunderne får den at se. Højst 500 tegn.
field-service-active = Aktiv (kan vælges på nye sager)
field-service-active-hint = En udfaset ydelse bliver stående på de sager, der nævner den.
create-service = Opret ydelse
service-created = { $name } er føjet til kataloget.
service-saved = { $name } er gemt.
field-service = Ydelse
field-service-hint = Valgfri. En ydelse udfylder type og hast, når du lader dem stå på standard.
field-service-list = Se alle ydelser
service-none = — Ingen / ved ikke —
service-option-not-covered = { $name } (ikke dækket)
not-covered-heading = Ikke dækket af IT-supporten:
default-level = Standard (ydelsens, ellers Middel)
service-refused = { $name } er ikke dækket af IT-supporten: { $reason }
prop-service = Ydelse
reply-kb-hint = Link til et dokument i vidensbasen med [tekst](/kb/ID). Kunder kan kun åbne det, når det er offentligt, SLA'en eller servicekataloget.
reply-kb-open = Åbn vidensbasen

# Hændelser i vidensbasen
ev-document-created = oprettede dokumentet "{ $title }"
ev-document-edited = redigerede dokumentet "{ $title }" (version { $revision })
ev-document-restored = gendannede version { $from } af "{ $title }" som version { $revision }
ev-designation-set = gjorde dokument { $id } til { $name }
ev-designation-cleared = fjernede { $name }-markeringen
ev-attachment-added = tilføjede billedet { $filename } til dokument { $id }
ev-service-created = tilføjede ydelsen { $name }
ev-service-updated = redigerede ydelsen { $name }

## Notifikationer
notify-unassigned = #{ $number } venter uden ansvarlig: ingen aktiv supporter på niveau { $level }
notify-waiting_on_you = #{ $number } venter på dit svar: { $title }
notify-resolved = #{ $number } er løst: { $title }
notify-assigned_to_you = #{ $number } er tildelt dig af { $by }: { $title }
notify-escalated_to_you = #{ $number } er eskaleret til dig af { $by }: { $title }

## Webhooks og fejlede job
nav-webhooks = Webhooks
actions = Handlinger
webhooks-title = Webhooks
webhooks-intro = Skranke sender hver valgt hændelse som JSON til adressen, signeret med HMAC-SHA256 (headeren X-Skranke-Signature), og prøver mislykkede leveringer igen med stigende pauser.
webhooks-empty = Ingen webhooks endnu.
webhook-url = Adresse (URL)
webhook-events = Hændelser
webhook-new = Ny webhook
webhook-create = Opret webhook
webhook-activate = Slå til
webhook-deactivate = Slå fra
webhook-secret-once = Webhookens signeringsnøgle. Kopiér den nu: den vises ikke igen.
failed-jobs-title = Fejlede baggrundsjob
failed-jobs-none = Intet baggrundsjob er fejlet endeligt.
failed-job-kind = Type
failed-job-attempts = Forsøg
failed-job-error = Seneste fejl
failed-job-when = Fejlet
deliveries-title = Leveringer
deliveries-empty = Intet leveret endnu.
delivery-event = Hændelse
delivery-status = Status
delivery-delivered = Leveret
delivery-failed = Fejlet
delivery-pending = Prøver igen
