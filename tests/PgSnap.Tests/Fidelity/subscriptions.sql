-- Subscriptions made without contacting the publisher (connect = false), as a restore makes them.
DO $$ BEGIN CREATE ROLE pgsnap_sub_owner SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SUBSCRIPTION pgsnap_sub_plain CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION pub_a WITH (connect = false);
CREATE SUBSCRIPTION "pgsnap sub ""tuned""" CONNECTION 'host=127.0.0.1 port=1 dbname=''it\''s'' application_name=x'
    PUBLICATION pub_a, "Pub B" WITH (connect = false, slot_name = 'custom_slot', binary = true, streaming = on, two_phase = true,
    disable_on_error = true, synchronous_commit = 'remote_apply');
CREATE SUBSCRIPTION pgsnap_sub_noslot CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION pub_c WITH (connect = false, slot_name = NONE, enabled = false, create_slot = false);
ALTER SUBSCRIPTION pgsnap_sub_plain OWNER TO pgsnap_sub_owner;
COMMENT ON SUBSCRIPTION pgsnap_sub_plain IS 'from the old box';
