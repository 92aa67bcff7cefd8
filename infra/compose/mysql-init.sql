-- Run once by the mysql image on an empty data directory (docker-compose.yml mounts it into
-- /docker-entrypoint-initdb.d). One database per service, and one user per service with every right on its own
-- database and none on any other (no global rights, no GRANT OPTION): a service that is broken into or has a bug
-- cannot read or change another's tables, and nothing connects as root. The services run their own Flyway
-- migrations, hence ALL on their schema (CREATE, ALTER, INDEX, REFERENCES, ...).
--
-- The passwords are compose's own, for one host: the database is not published outside the compose network, and
-- docker-compose.yml gives each service the same value. They contain nothing the apps refuse as a placeholder. Any
-- other deployment makes its own users and secrets (Kubernetes: README "docker compose and Kubernetes").
--
-- In GRANT ... ON `db`.*, '_' is a wildcard: escaped (\_) so that each grant names exactly one database.
CREATE DATABASE IF NOT EXISTS concert_db;
CREATE DATABASE IF NOT EXISTS reservation_db;
CREATE DATABASE IF NOT EXISTS wallet_db;
CREATE DATABASE IF NOT EXISTS payment_db;
CREATE DATABASE IF NOT EXISTS identity_db;

CREATE USER IF NOT EXISTS 'concert_service'@'%' IDENTIFIED BY 'compose-concert-db';
GRANT ALL PRIVILEGES ON `concert\_db`.* TO 'concert_service'@'%';

CREATE USER IF NOT EXISTS 'reservation_service'@'%' IDENTIFIED BY 'compose-reservation-db';
GRANT ALL PRIVILEGES ON `reservation\_db`.* TO 'reservation_service'@'%';

CREATE USER IF NOT EXISTS 'wallet_service'@'%' IDENTIFIED BY 'compose-wallet-db';
GRANT ALL PRIVILEGES ON `wallet\_db`.* TO 'wallet_service'@'%';

CREATE USER IF NOT EXISTS 'payment_service'@'%' IDENTIFIED BY 'compose-payment-db';
GRANT ALL PRIVILEGES ON `payment\_db`.* TO 'payment_service'@'%';

CREATE USER IF NOT EXISTS 'identity_service'@'%' IDENTIFIED BY 'compose-identity-db';
GRANT ALL PRIVILEGES ON `identity\_db`.* TO 'identity_service'@'%';
