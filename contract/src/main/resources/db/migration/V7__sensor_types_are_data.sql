-- CityPulse serving database, version 7: sensor types are declared (contract sensor-types/*.json and the folder
-- CITYPULSE_SENSOR_TYPES_DIR names; docs/adr/0005), no longer the three that V1 and V3 listed. A type is checked
-- where a row is made (the decoder, the catalog), against the declarations, not against a copy of their names.
ALTER TABLE sensor DROP CONSTRAINT sensor_sensor_type_check;
ALTER TABLE data_quality_report DROP CONSTRAINT data_quality_report_sensor_type_check;
