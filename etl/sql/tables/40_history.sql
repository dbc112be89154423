-- Rollbacks (etl/history.py). Undoing batch B writes a batch of its own (status 'rollback', by the
-- person who undid it), sets B's status to 'rolled_back', marks B's rows superseded by the rollback
-- batch (they stay, so the rows a batch brought can still be read) and puts back in force the rows
-- B had superseded. This table says which batch a rollback undid.
create table if not exists batch_rollback (
    batch_id integer primary key,    -- the rollback's own batch
    undoes   integer not null unique -- the batch it undid
);
