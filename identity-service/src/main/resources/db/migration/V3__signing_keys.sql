-- The keys that sign tokens. active_slot is 1 for the one active key and NULL for retired ones: the unique key lets
-- several instances starting together each try to insert a first key and exactly one succeed.
CREATE TABLE signing_keys (
    kid         VARCHAR(64)  NOT NULL,
    private_key TEXT         NOT NULL COMMENT 'PKCS#8, base64',
    public_key  TEXT         NOT NULL COMMENT 'X.509 SubjectPublicKeyInfo, base64',
    created_at  DATETIME(6)  NOT NULL,
    retired_at  DATETIME(6)  NULL DEFAULT NULL,
    active_slot TINYINT      NULL DEFAULT 1,
    PRIMARY KEY (kid),
    CONSTRAINT uk_signing_keys_active UNIQUE (active_slot)
) ENGINE = InnoDB DEFAULT CHARSET = ascii;
