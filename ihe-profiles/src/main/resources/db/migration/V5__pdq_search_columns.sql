-- Patient Demographics Query (ITI-21): what a query may search on, normalised once when a record is written
-- (trimmed, upper-case with the root locale; hanzi have no case and stay as sent), so that queries compare
-- indexed columns for equality or a prefix (trailing * wildcard) instead of calling UPPER() row by row.
-- PatientStore writes these columns with every record; the statements below fill them for existing rows.
ALTER TABLE patient_record ADD COLUMN family_name_norm VARCHAR(200);
ALTER TABLE patient_record ADD COLUMN given_name_norm VARCHAR(200);
ALTER TABLE patient_record ADD COLUMN birth_day VARCHAR(8);         -- YYYYMMDD of PID-7
ALTER TABLE patient_record ADD COLUMN street_norm VARCHAR(400);
ALTER TABLE patient_record ADD COLUMN city_norm VARCHAR(200);
ALTER TABLE patient_record ADD COLUMN postal_code_norm VARCHAR(40);
ALTER TABLE patient_record ADD COLUMN account_number VARCHAR(200);  -- PID-18.1, as sent
-- ITI-22 (visit query): the point of care (PV1-3.1) and the attending doctor's id (PV1-7.1); location and
-- attending keep the whole encoded field
ALTER TABLE patient_record ADD COLUMN location_point VARCHAR(200);
ALTER TABLE patient_record ADD COLUMN attending_id VARCHAR(400);

UPDATE patient_record SET
    family_name_norm = UPPER(TRIM(family_name)),
    given_name_norm  = UPPER(TRIM(given_name)),
    birth_day        = SUBSTRING(birth_date FROM 1 FOR 8),
    street_norm      = UPPER(TRIM(street)),
    city_norm        = UPPER(TRIM(city)),
    postal_code_norm = UPPER(TRIM(postal_code)),
    location_point   = CASE WHEN POSITION('^' IN location) > 0
                            THEN SUBSTRING(location FROM 1 FOR POSITION('^' IN location) - 1) ELSE location END,
    attending_id     = CASE WHEN POSITION('^' IN attending) > 0
                            THEN SUBSTRING(attending FROM 1 FOR POSITION('^' IN attending) - 1) ELSE attending END;

-- The selective criteria each get an index; sex alone is never selective enough to deserve one.
CREATE INDEX patient_record_family ON patient_record (family_name_norm, given_name_norm);
CREATE INDEX patient_record_given ON patient_record (given_name_norm);
CREATE INDEX patient_record_birth_day ON patient_record (birth_day);
CREATE INDEX patient_record_city ON patient_record (city_norm);
CREATE INDEX patient_record_postal_code ON patient_record (postal_code_norm);
CREATE INDEX patient_record_phone ON patient_record (phone);
CREATE INDEX patient_record_account ON patient_record (account_number);
CREATE INDEX patient_record_visit ON patient_record (visit_number);
CREATE INDEX patient_record_location ON patient_record (location_point);
CREATE INDEX patient_record_attending ON patient_record (attending_id);
