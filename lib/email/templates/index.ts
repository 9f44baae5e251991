// Every email the portal sends: React Email components (./*.tsx) rendered to
// HTML and, from the same element, plain text.
export { accessCodeIssuedAdminEmail, accessCodeIssuedEmail, accessCodeUsedAdminEmail, accessCodeUsedEmail } from "./access-codes";
export { announcementEmail } from "./announcement";
export { enrollCodeEmail, signInCodeEmail, stepUpCodeEmail } from "./codes";
export { failureStreakEmail, recoveryCodesGeneratedEmail, recoveryCodeUsedEmail, securityNoticeEmail, type SecurityNoticeKind } from "./notices";
export { passwordResetLinkEmail, passwordResetNoticeEmail, resetLinkUrl } from "./password-reset";
