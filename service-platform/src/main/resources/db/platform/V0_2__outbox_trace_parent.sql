-- The W3C traceparent of the request or event that caused the change, sent as a Kafka header by the relay so the
-- consumer's logs carry the same trace id.
ALTER TABLE outbox_event ADD COLUMN trace_parent VARCHAR(64) NULL;
