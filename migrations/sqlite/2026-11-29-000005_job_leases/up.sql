-- Jobs are claimed with a lease: a worker that dies lets its job be picked up again when the
-- lease runs out, and a starting replica never takes over a job another one is running.
ALTER TABLE jobs ADD COLUMN lease_until TIMESTAMP;
