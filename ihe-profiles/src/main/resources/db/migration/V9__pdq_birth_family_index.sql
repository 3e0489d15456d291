-- PDQ's most common question is "family name and birth date" (a registration desk). Family names are few
-- (the 20 most common cover half of a Chinese region), so the family index alone makes a query at 1 M residents
-- read tens of thousands of rows; a birth day alone matches a few dozen. One index on both answers that
-- question from the index, also with a family-name prefix, and still serves birth date alone, so it replaces
-- the birth-day index (no extra index for every ADT to update).
DROP INDEX patient_record_birth_day;
CREATE INDEX patient_record_birth_family ON patient_record (birth_day, family_name_norm);
