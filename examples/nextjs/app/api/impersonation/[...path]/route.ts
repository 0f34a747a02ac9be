// The whole impersonation contract in one catch-all route handler.
import { impersonation } from '@/lib/impersonation';

export const GET = impersonation.handle;
export const POST = impersonation.handle;
export const PUT = impersonation.handle;
export const DELETE = impersonation.handle;
