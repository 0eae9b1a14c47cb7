-- Align column names with the carrier-integration schema used by the billing team.
BEGIN;
ALTER TABLE shipment_events RENAME COLUMN carrier_ref TO carrier_reference;
ALTER INDEX shipment_events_dedupe RENAME TO shipment_events_carrier_reference_dedupe;
COMMIT;
