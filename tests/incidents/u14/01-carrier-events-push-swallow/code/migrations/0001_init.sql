CREATE TABLE shipment_events (
    id BIGSERIAL PRIMARY KEY,
    shipment_id TEXT NOT NULL,
    carrier TEXT NOT NULL,
    carrier_ref TEXT NOT NULL,
    status TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    raw JSONB NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX shipment_events_dedupe ON shipment_events (carrier, carrier_ref, occurred_at);
