// The API's vocabularies (job and run states, submission statuses, roles, audit actions,
// problem codes, …): the one place their string values are written and compared. Typed from
// the generated schema, so they still compile when openapi.yaml makes the fields enums.
import type { ResponseStatus, Schemas, SessionInfo, SubmissionStatus } from '../api/client';
import type { operations, paths } from '../api/schema.gen';
import type { MessageKey } from '../i18n';

// Background jobs and training runs.
type JobState = Schemas['JobView']['state'];
type RunState = Schemas['RunView']['state'];

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobState[];

export const isJobDone = (job: { state: JobState | RunState }): boolean => job.state === 'done';
export const isJobFailed = (job: { state: JobState | RunState }): boolean => job.state === 'failed';
export const isJobFinished = (job: { state: JobState | RunState }): boolean => isJobDone(job) || isJobFailed(job);
/** Started and not finished yet. */
export const isJobRunning = (job: { state: JobState } | null | undefined): boolean => !!job && !isJobFinished(job);

export function jobStateKey(state: JobState | RunState): MessageKey {
  switch (state) {
    case 'done':
      return 'job.done';
    case 'failed':
      return 'job.failed';
    case 'running':
      return 'job.running';
    default:
      return 'job.queued';
  }
}

// Training examples.
export function exampleKindKey(kind: Schemas['ExampleView']['kind']): MessageKey {
  return kind === 'correction' ? 'training.kindCorrection' : kind === 'confirmation' ? 'training.kindConfirmation' : 'training.kindExample';
}

// Analysis engine, submissions' analysis and sentences.
export const engineKey = (engine: Schemas['EngineStatus']['engine']): MessageKey =>
  engine === 'embedding' ? 'training.engineEmbedding' : 'training.engineLexical';
export const isAnalysed = (sub: { analysis: Schemas['SubmissionView']['analysis'] }): boolean => sub.analysis === 'done';
export const isAnalysisPending = (sub: { analysis: Schemas['SubmissionView']['analysis'] }): boolean => sub.analysis === 'pending';
export const isSetByAdmin = (s: { source: Schemas['SentenceView']['source'] }): boolean => s.source === 'admin';
/** The analytics bucket of submissions not analysed yet. */
export const isUnanalysedBucket = (key: string): boolean => key === 'unanalysed';

// Submissions' moderation status.
export const SUBMISSION_STATUSES = ['visible', 'flagged', 'hidden'] as const satisfies readonly SubmissionStatus[];
export const isSubmissionStatus = (s: string): s is SubmissionStatus => (SUBMISSION_STATUSES as readonly string[]).includes(s);
export const isVisible = (sub: { status: SubmissionStatus }): boolean => sub.status === 'visible';
export const isHiddenStatus = (status: string | null | undefined): boolean => status === 'hidden';
/** What a moderator most likely wants next: hide a visible one, show anything else. */
export const nextModerationStatus = (current: SubmissionStatus): SubmissionStatus => (current === 'visible' ? 'hidden' : 'visible');

// Facilitators' answers to submissions ("you said, we did"), in the order a reply progresses.
export const RESPONSE_STATUSES = [
  'received',
  'under_consideration',
  'accepted',
  'partly_accepted',
  'not_taken_forward',
] as const satisfies readonly ResponseStatus[];
export const isAnswered = (r: { status: ResponseStatus; reply?: string | null }): boolean => r.status !== 'received' || !!r.reply;
export const responseKey = (status: ResponseStatus): MessageKey => `response.${status}`;

// Tokens and results links.
export const isTokenActive = (tk: { status: Schemas['TokenInfo']['status'] }): boolean => tk.status === 'active';
export const isSelfRegistered = (tk: { source: Schemas['TokenInfo']['source'] }): boolean => tk.source === 'self_registered';
type LinkStatus = Schemas['ShareLinkInfo']['status'];
export const isLinkActive = (link: { status: LinkStatus }): boolean => link.status === 'active';
export const linkStatusKey = (status: LinkStatus): MessageKey =>
  status === 'active' ? 'sharing.active' : status === 'revoked' ? 'sharing.statusRevoked' : 'sharing.expired';

// Analytics intervals.
export const isDaily = (interval: Schemas['Interval']): boolean => interval === 'day';

// Roles. `isAdmin` is any staff token (owner, facilitator, moderator, analyst); what it may do
// is `can`: the session lists the operations the server's own table admits for its role.
export const isAdmin = (s: Pick<SessionInfo, 'role'> | null | undefined): boolean => s?.role === 'admin';
export type OperationId = keyof operations;
export const can = (s: Pick<SessionInfo, 'operations'> | null | undefined, op: OperationId): boolean => !!s?.operations.includes(op);
export const STAFF_ROLES = ['owner', 'facilitator', 'moderator', 'analyst'] as const satisfies readonly StaffRole[];
type StaffRole = Schemas['StaffRole'];
export const isProcessRole = (role: StaffRole): boolean => role !== 'owner';
export const isParticipant = (s: Pick<SessionInfo, 'role'> | null | undefined): boolean => s?.role === 'participant';

// Audit actions, offered as suggestions in the audit log's filter.
export const AUDIT_ACTIONS = [
  'auth.login',
  'process.create',
  'process.update',
  'process.categories_change',
  'process.response_settings',
  'tokens.issue',
  'token.revoke',
  'admin_token.create',
  'admin_token.revoke',
  'admin_token.rotate',
  'admin_token.change_role',
  'admin_token.change_scope',
  'submission.enter_on_behalf',
  'submission.moderate',
  'submission.delete',
  'totp.enrol',
  'totp.reset',
  'totp.recovery_code_use',
  'security.change',
  'submission.respond',
] as const satisfies readonly Schemas['AuditEntry']['action'][];

// Problem codes: the server's, plus those the client gives failures that never reached it.
export const PROBLEM = {
  network: 'network',
  clientError: 'client_error',
  rateLimited: 'rate_limited',
  serviceBusy: 'service_busy',
  invalidToken: 'invalid_token',
  submissionsClosed: 'submissions_closed',
  registrationClosed: 'registration_closed',
  csrfRejected: 'csrf_rejected',
  invalidSecondFactor: 'invalid_second_factor',
  signInNotPending: 'sign_in_not_pending',
  ownSubmission: 'own_submission',
  themeMembersUnknown: 'theme_members_unknown',
} as const;
export type ProblemCode = Schemas['Problem']['code'] | (typeof PROBLEM)[keyof typeof PROBLEM] | `http_${number}`;

export const isNetworkProblem = (code: ProblemCode): boolean => code === PROBLEM.network;

/** The message for a problem code that has one of its own. */
export function problemCodeKey(code: ProblemCode): MessageKey | null {
  switch (code) {
    case PROBLEM.invalidToken:
      return 'error.invalidToken';
    case PROBLEM.submissionsClosed:
      return 'error.submissionsClosed';
    case PROBLEM.registrationClosed:
      return 'error.registrationClosed';
    case PROBLEM.csrfRejected:
      return 'error.csrf';
    case PROBLEM.invalidSecondFactor:
      return 'error.invalidSecondFactor';
    case PROBLEM.signInNotPending:
      return 'error.signInNotPending';
    case PROBLEM.ownSubmission:
      return 'error.ownSubmission';
    case PROBLEM.themeMembersUnknown:
      return 'error.themeMembersUnknown';
    default:
      return null;
  }
}

// Orders of the admin list: newest first, or most supported first.
export type SubmissionSort = NonNullable<NonNullable<paths['/api/v1/processes/{slug}/submissions']['get']['parameters']['query']>['sort']>;
export const SUBMISSION_SORTS = ['newest', 'supports'] as const satisfies readonly SubmissionSort[];
export const sortKey = (sort: SubmissionSort): MessageKey => (sort === 'supports' ? 'subs.sortSupports' : 'subs.sortNewest');

// Languages a process declares (participants write in them; the analysis follows them).
type LanguageCode = Schemas['LanguageCode'];
export const LANGUAGE_CODES = ['en', 'es'] as const satisfies readonly LanguageCode[];
export const languageKey = (code: LanguageCode): MessageKey => (code === 'es' ? 'language.es' : 'language.en');
