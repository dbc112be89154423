-- Staging: the rows of `commendation` in force, not superseded by a later upload (`superseded_by` is null).
--
-- Columns:
--   decision_no      null when the decision is not known
--   year             of the decision
--   recipient_type   movement_term recipient_type
--   recipient_name   who is commended
--   district_code    where, when known
--   commune_code     where, when known
--   decision_date    when known
--   level_code       movement_term commendation_level
--   form_code        movement_term commendation_form
--   form_text        the form as written
--   recipients       how many the row commends; null = not known
--   reason           why
--   note             remarks
--   batch_id         the load that brought the row

create or replace view current_commendation as
select * exclude (superseded_by) from commendation where superseded_by is null;
