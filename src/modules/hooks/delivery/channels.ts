/** PostgreSQL notification channels between the API and the worker's relay. */
export const EVENTS_CHANNEL = 'nhx_events'; // raised by a trigger on `events` (see the migration)
export const DELIVERIES_CHANNEL = 'nhx_deliveries'; // raised by the API when it makes deliveries due
