-- Names in two scripts (HL7 v2.5 2.A.89 XPN): Chinese hospitals send PID-5 twice, the hanzi name (XPN-8 I) and
-- its pinyin (P); addresses and phones may repeat too. Every repetition is kept as sent (encoded with the
-- standard delimiters, repetitions joined by ~) so PDQ can answer them all; the single-valued columns stay the
-- first repetition's, with their normalised search columns and indexes (V5, V9).
ALTER TABLE patient_record ADD COLUMN names TEXT;      -- PID-5, every repetition
ALTER TABLE patient_record ADD COLUMN addresses TEXT;  -- PID-11
ALTER TABLE patient_record ADD COLUMN phones TEXT;     -- PID-13

-- The name search keys a record's first name cannot answer from family_name_norm / given_name_norm: one row
-- per other repetition, and the first one too when its parts contain spaces (keys have none, so "XIAO MING"
-- and "XIAOMING" meet). The birth day is repeated here so that "family name and birth date", PDQ's most
-- common question, is answered from one index as on patient_record (V9). VARCHAR(400): names are at most
-- 200 UTF-16 units as fed, whatever a database counts.
CREATE TABLE patient_name_key (
    record_id  BIGINT NOT NULL REFERENCES patient_record (id),
    family_key VARCHAR(400),
    given_key  VARCHAR(400),
    birth_day  VARCHAR(8)
);
CREATE INDEX patient_name_key_record ON patient_name_key (record_id);
CREATE INDEX patient_name_key_family ON patient_name_key (family_key, given_key);
CREATE INDEX patient_name_key_given ON patient_name_key (given_key);
CREATE INDEX patient_name_key_birth_family ON patient_name_key (birth_day, family_key);

-- Records stored before: their first name, where it has spaces (the other repetitions are only in pid_segment
-- and come with the source's next feed).
INSERT INTO patient_name_key (record_id, family_key, given_key, birth_day)
SELECT id, REPLACE(family_name_norm, ' ', ''), REPLACE(given_name_norm, ' ', ''), birth_day
FROM patient_record
WHERE family_name_norm LIKE '% %' OR given_name_norm LIKE '% %';
