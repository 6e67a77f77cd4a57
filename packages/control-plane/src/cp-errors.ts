// Errors that stop a control plane from starting. Each has a stable code and a message that
// says what to change; the Admin API's own codes are in admin/admin-errors.ts.

export const CP_ERROR_CODES = {
  GW_ERR_CP_ROLE: 'The settings are not those of a control plane (role must be control_plane).',
  GW_ERR_CP_ADMIN_TLS: 'admin_listen asks for ssl, which the Admin API does not serve yet.',
  GW_ERR_CP_SEED_UNREADABLE: 'declarative_config could not be read at first start.',
  GW_ERR_CP_SEED_INVALID: 'declarative_config is invalid; the message lists every error with its line:col.',
  GW_ERR_CP_LISTEN: 'An Admin API or status listener could not listen (address in use, no permission ...).',
} as const;

export type ControlPlaneErrorCode = keyof typeof CP_ERROR_CODES;

export class ControlPlaneError extends Error {
  readonly code: ControlPlaneErrorCode;

  constructor(code: ControlPlaneErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ControlPlaneError';
    this.code = code;
  }
}
