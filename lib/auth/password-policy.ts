/** Shared by the server and the browser: no Node-only imports here. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer inputs are refused before hashing so that a 1 MB password costs nothing. */
export const MAX_PASSWORD_LENGTH = 256;
