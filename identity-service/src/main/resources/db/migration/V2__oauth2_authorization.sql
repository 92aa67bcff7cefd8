-- Spring Authorization Server's oauth2-authorization-schema.sql for MariaDB / MySQL:
--  * DATETIME(6) NULL instead of TIMESTAMP (no implicit NOT NULL / ON UPDATE, no 2038 limit); with connectionTimeZone=UTC
--    in the URL the instants stay exact;
--  * state, authorization code and refresh token as ASCII VARCHAR with a binary collation and an index: they are
--    looked up on every code exchange and refresh, and a token must match case-sensitively (JdbcOAuth2AuthorizationService
--    reads the column types and binds strings to them); the JWTs stay BLOBs (looked up only by introspection).
CREATE TABLE oauth2_authorization (
    id                            VARCHAR(100)  NOT NULL,
    registered_client_id          VARCHAR(100)  NOT NULL,
    principal_name                VARCHAR(200)  NOT NULL,
    authorization_grant_type      VARCHAR(100)  NOT NULL,
    authorized_scopes             VARCHAR(1000) DEFAULT NULL,
    attributes                    BLOB          DEFAULT NULL,
    state                         VARCHAR(500) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
    authorization_code_value      VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
    authorization_code_issued_at  DATETIME(6)   NULL DEFAULT NULL,
    authorization_code_expires_at DATETIME(6)   NULL DEFAULT NULL,
    authorization_code_metadata   BLOB          DEFAULT NULL,
    access_token_value            BLOB          DEFAULT NULL,
    access_token_issued_at        DATETIME(6)   NULL DEFAULT NULL,
    access_token_expires_at       DATETIME(6)   NULL DEFAULT NULL,
    access_token_metadata         BLOB          DEFAULT NULL,
    access_token_type             VARCHAR(100)  DEFAULT NULL,
    access_token_scopes           VARCHAR(1000) DEFAULT NULL,
    oidc_id_token_value           BLOB          DEFAULT NULL,
    oidc_id_token_issued_at       DATETIME(6)   NULL DEFAULT NULL,
    oidc_id_token_expires_at      DATETIME(6)   NULL DEFAULT NULL,
    oidc_id_token_metadata        BLOB          DEFAULT NULL,
    refresh_token_value           VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
    refresh_token_issued_at       DATETIME(6)   NULL DEFAULT NULL,
    refresh_token_expires_at      DATETIME(6)   NULL DEFAULT NULL,
    refresh_token_metadata        BLOB          DEFAULT NULL,
    user_code_value               BLOB          DEFAULT NULL,
    user_code_issued_at           DATETIME(6)   NULL DEFAULT NULL,
    user_code_expires_at          DATETIME(6)   NULL DEFAULT NULL,
    user_code_metadata            BLOB          DEFAULT NULL,
    device_code_value             BLOB          DEFAULT NULL,
    device_code_issued_at         DATETIME(6)   NULL DEFAULT NULL,
    device_code_expires_at        DATETIME(6)   NULL DEFAULT NULL,
    device_code_metadata          BLOB          DEFAULT NULL,
    PRIMARY KEY (id),
    INDEX ix_oauth2_authorization_state (state(100)),
    INDEX ix_oauth2_authorization_code (authorization_code_value),
    INDEX ix_oauth2_authorization_refresh_token (refresh_token_value),
    -- the clean-up job deletes what has ended
    INDEX ix_oauth2_authorization_refresh_expiry (refresh_token_expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
