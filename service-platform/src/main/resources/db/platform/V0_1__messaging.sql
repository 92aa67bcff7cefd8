-- Transactional outbox, relay lease and processed-event inbox: the same in every service database.
CREATE TABLE outbox_event (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id      CHAR(36)     NOT NULL,
    topic         VARCHAR(200) NOT NULL,
    event_key     VARCHAR(200) NOT NULL,
    event_type    VARCHAR(100) NOT NULL,
    envelope_json MEDIUMTEXT   NOT NULL,
    created_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    published_at  TIMESTAMP(6) NULL,
    CONSTRAINT uq_outbox_event_id UNIQUE (event_id),
    INDEX ix_outbox_pending (published_at, id)
);

-- One row: the relay holding its lock is the only one publishing, which keeps commit order per key.
CREATE TABLE outbox_relay_lease (
    name VARCHAR(50) NOT NULL PRIMARY KEY
);
INSERT INTO outbox_relay_lease (name) VALUES ('relay');

CREATE TABLE processed_event (
    consumer     VARCHAR(100) NOT NULL,
    event_id     CHAR(36)     NOT NULL,
    event_type   VARCHAR(100) NOT NULL,
    processed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (consumer, event_id)
);
