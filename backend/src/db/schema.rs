// The diesel table definitions for migrations/sqlite and migrations/postgres (identical shape).

diesel::table! {
    processes (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        prompt -> Text,
        registration_open -> Bool,
        submissions_open -> Bool,
        categories -> Text,
        contributor_types -> Text,
        map_lat -> Nullable<Double>,
        map_lng -> Nullable<Double>,
        map_zoom -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        active_model_run_id -> Nullable<BigInt>,
        public_submissions -> Bool,
        languages -> Text,
        translations -> Text,
    }
}

diesel::table! {
    tokens (id) {
        id -> BigInt,
        kind -> Text,
        token_hash -> Text,
        hint -> Text,
        label -> Nullable<Text>,
        source -> Text,
        process_id -> Nullable<BigInt>,
        contributor_type -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Nullable<BigInt>,
        last_used_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        role -> Nullable<Text>,
        api -> Bool,
        read_only -> Bool,
    }
}

diesel::table! {
    token_processes (token_id, process_id) {
        token_id -> BigInt,
        process_id -> BigInt,
    }
}

diesel::table! {
    sessions (key_hash) {
        key_hash -> Text,
        token_id -> Nullable<BigInt>,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    submissions (id) {
        id -> BigInt,
        process_id -> BigInt,
        token_id -> BigInt,
        contributor_type -> Text,
        text -> Text,
        lat -> Nullable<Double>,
        lng -> Nullable<Double>,
        status -> Text,
        moderation_reason -> Nullable<Text>,
        entered_by_admin -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        analysed_at -> Nullable<Timestamp>,
        primary_category -> Nullable<Text>,
        min_confidence -> Nullable<Double>,
        duplicate_of -> Nullable<BigInt>,
        support_count -> BigInt,
    }
}

diesel::table! {
    sentences (id) {
        id -> BigInt,
        submission_id -> BigInt,
        position -> Integer,
        text -> Text,
        start_offset -> Integer,
        end_offset -> Integer,
        category -> Text,
        confidence -> Double,
        source -> Text,
        model_run_id -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    training_examples (id) {
        id -> BigInt,
        process_id -> BigInt,
        sentence_id -> Nullable<BigInt>,
        text -> Text,
        category -> Text,
        kind -> Text,
        group_key -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    model_runs (id) {
        id -> BigInt,
        process_id -> BigInt,
        engine -> Text,
        state -> Text,
        examples -> Integer,
        metrics -> Nullable<Text>,
        classifier -> Nullable<Text>,
        error -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        process_id -> Nullable<BigInt>,
        payload -> Text,
        state -> Text,
        done -> Integer,
        total -> Integer,
        errors -> Text,
        attempts -> Integer,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    embedding_cache (model, text_hash) {
        model -> Text,
        text_hash -> Text,
        vector -> Binary,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_token_id -> Nullable<BigInt>,
        client_ip -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        details -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        actor_scope -> Nullable<Text>,
    }
}

diesel::table! {
    share_links (id) {
        id -> Text,
        process_id -> BigInt,
        label -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    response_settings (id) {
        id -> BigInt,
        names -> Text,
        notify -> Bool,
        updated_at -> Timestamp,
        names_by_language -> Text,
    }
}

diesel::table! {
    submission_responses (id) {
        id -> BigInt,
        status -> Text,
        reply -> Nullable<Text>,
        responded_by -> Nullable<BigInt>,
        responded_at -> Timestamp,
    }
}

diesel::table! {
    submission_supports (submission_id, token_id) {
        submission_id -> BigInt,
        token_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    themes (id) {
        id -> BigInt,
        process_id -> BigInt,
        position -> Integer,
        label -> Text,
        custom_label -> Nullable<Text>,
        terms -> Text,
        size -> Integer,
        category_mix -> Text,
        representatives -> Text,
        seed -> BigInt,
        created_at -> Timestamp,
        members_known -> Bool,
    }
}

diesel::table! {
    theme_members (theme_id, submission_id) {
        theme_id -> BigInt,
        submission_id -> BigInt,
    }
}

diesel::table! {
    totp_factors (token_id) {
        token_id -> BigInt,
        secret -> Text,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        last_used_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    totp_recovery_codes (id) {
        id -> BigInt,
        token_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    security_settings (id) {
        id -> BigInt,
        require_totp -> Bool,
    }
}

diesel::table! {
    submission_reports (submission_id, token_id) {
        submission_id -> BigInt,
        token_id -> BigInt,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderation_settings (id) {
        id -> BigInt,
        pre_moderation -> Bool,
        report_threshold -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(tokens -> processes (process_id));
diesel::joinable!(themes -> processes (process_id));
diesel::joinable!(share_links -> processes (process_id));
diesel::joinable!(submissions -> processes (process_id));
diesel::joinable!(submissions -> tokens (token_id));
diesel::joinable!(sessions -> tokens (token_id));
diesel::joinable!(token_processes -> tokens (token_id));
diesel::joinable!(token_processes -> processes (process_id));
diesel::joinable!(sentences -> submissions (submission_id));
diesel::joinable!(submission_responses -> submissions (id));
diesel::joinable!(submission_reports -> submissions (submission_id));
diesel::joinable!(submission_reports -> tokens (token_id));
diesel::joinable!(response_settings -> processes (id));
diesel::joinable!(moderation_settings -> processes (id));
diesel::joinable!(submission_supports -> submissions (submission_id));
diesel::joinable!(submission_supports -> tokens (token_id));
diesel::joinable!(theme_members -> themes (theme_id));
diesel::joinable!(theme_members -> submissions (submission_id));
diesel::joinable!(training_examples -> processes (process_id));
diesel::joinable!(model_runs -> processes (process_id));
diesel::joinable!(totp_factors -> tokens (token_id));
diesel::joinable!(totp_recovery_codes -> tokens (token_id));

diesel::allow_tables_to_appear_in_same_query!(
    processes,
    tokens,
    token_processes,
    sessions,
    submissions,
    audit_log,
    sentences,
    training_examples,
    model_runs,
    jobs,
    embedding_cache,
    share_links,
    themes,
    totp_factors,
    totp_recovery_codes,
    security_settings,
    submission_responses,
    response_settings,
    submission_reports,
    moderation_settings,
    submission_supports,
    theme_members,
);
