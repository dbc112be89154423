-- Staging: the rows of `directive` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   directive_code   the number, or a code of our own when it is not known
--   doc_number       as written
--   number_known     false for a document filed before it was numbered
--   issued_on        null when only the month is known
--   issued_year      the year issued
--   issued_month     the month issued
--   issuer           who issued it
--   signer           who signed it
--   subject          what it is about
--   basis            the documents it rests on
--   source           where it was found
--   batch_id         the load that brought the row

create or replace view current_directive as
select * exclude (superseded_by) from directive where superseded_by is null;
