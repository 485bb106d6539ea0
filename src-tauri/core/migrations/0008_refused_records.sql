-- A record refused at import is not acknowledged: the receiver keeps what it refused from each
-- sender (listed in every bundle it sends back, until a version of the record is accepted), and the
-- sender keeps what its peer said it refused (sent again with every bundle to that peer, shown on
-- the exchange screen, until the peer no longer lists it).
CREATE TABLE refused_records (
    sender_id   TEXT NOT NULL REFERENCES offices (id),
    table_name  TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    what        TEXT NOT NULL,        -- the record in words, from the version refused
    reason      TEXT NOT NULL,
    bundle_id   TEXT NOT NULL,
    refused_on  TEXT NOT NULL,        -- ISO date
    PRIMARY KEY (sender_id, table_name, record_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE refused_by_peer (
    peer_id     TEXT NOT NULL REFERENCES offices (id),
    table_name  TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    refused_on  TEXT NOT NULL,        -- ISO date, the peer's
    PRIMARY KEY (peer_id, table_name, record_key)
) STRICT, WITHOUT ROWID;
