//! The kinds of entries in the event log (SPEC §3).

named_enum!(
    EventKind, "event kind" {
        TicketCreated => "ticket_created",
        CommentAdded => "comment_added",
        InternalNoteAdded => "internal_note_added",
        StatusChanged => "status_changed",
        TypeChanged => "type_changed",
        PriorityChanged => "priority_changed",
        Assigned => "assigned",
        Queued => "queued",
        Escalated => "escalated",
        Reopened => "reopened",
        FollowUpCreated => "follow_up_created",
        AutoClosed => "auto_closed",
        NotificationSent => "notification_sent",
        UserCreated => "user_created",
        UserUpdated => "user_updated",
        PasswordReset => "password_reset",
        SettingsChanged => "settings_changed",
        TokenCreated => "token_created",
        LoggedIn => "logged_in",
        DocumentCreated => "document_created",
        DocumentEdited => "document_edited",
        DocumentRestored => "document_restored",
        DesignationChanged => "designation_changed",
        AttachmentAdded => "attachment_added",
        ServiceCreated => "service_created",
        ServiceUpdated => "service_updated",
        WebhookCreated => "webhook_created",
        WebhookUpdated => "webhook_updated",
    }
);
