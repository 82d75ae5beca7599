/** The PostgreSQL notification channel the API raises when it makes deliveries due (resume, retry). */
export const DELIVERIES_CHANNEL = 'nhx_deliveries'; // raised by the API when it makes deliveries due
