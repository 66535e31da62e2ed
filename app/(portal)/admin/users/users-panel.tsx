'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge, RoleBadges } from '@/app/_components/badges';
import { CopyOnce } from '@/app/_components/copy-once';
import { DataTable } from '@/app/_components/data-table';
import { errorText } from '@/app/_components/error-text';
import { RevealForm, useCreateFlow } from '@/app/_components/form-card';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import type { OffsetPage } from '@/app/_components/pager';
import { useTRPC } from '@/app/trpc-provider';
import type { Role } from '@/server/rbac/permissions';
import type { UserSummary } from '@/server/users/user-queries';
import { CreateUserForm } from './create-user-form';
import { RolePicker } from './role-picker';

export function UsersPanel({ initialUsers, currentUserId, page }: { initialUsers: UserSummary[]; currentUserId: string; page: OffsetPage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery({ ...trpc.users.list.queryOptions({ limit: page.limit, offset: page.offset }), initialData: initialUsers });
  const shown = users.data.slice(0, page.size);
  const [editing, setEditing] = useState<{ id: string; roles: Role[] } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const flow = useCreateFlow<{ email: string; password: string | null }>(() => void refresh());
  const created = flow.created;
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const setRoles = useMutation(trpc.users.setRoles.mutationOptions({ onSuccess: () => { setEditing(null); void refresh(); } }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: () => void refresh() }));
  const resetPassword = useMutation(
    trpc.users.resetPassword.mutationOptions({ onSuccess: (result) => { flow.dismiss(); setReset({ email: result.user.email, password: result.oneTimePassword }); void refresh(); } }),
  );
  const actionError = setRoles.error ?? setActive.error ?? resetPassword.error;

  return (
    <div className="space-y-4">
      {created && (created.password ? (
        <CopyOnce
          title={`User ${created.email} created`}
          hint="Give them this one-time password over a trusted channel. It is not stored in readable form and will not be shown again."
          secret={created.password}
          onDismiss={flow.dismiss}
        />
      ) : (
        <Notice tone="success" title={`User ${created.email} created`}>They can sign in with the password you set.</Notice>
      ))}
      {reset && (
        <CopyOnce
          title={`New one-time password for ${reset.email}`}
          hint="Their sessions have ended. Give them this password over a trusted channel; they must choose their own when they sign in with it."
          secret={reset.password}
          onDismiss={() => setReset(null)}
        />
      )}
      {actionError && <Notice tone="error">{errorText(actionError)}</Notice>}
      <RevealForm open={flow.creating} label="New user" onOpen={() => { setReset(null); flow.open(); }}>
        <CreateUserForm onCancel={flow.cancel} onCreated={(email, password) => flow.done({ email, password })} />
      </RevealForm>
      <DataTable label="Users" columns={['User', 'Roles', 'Status', 'Last sign-in', 'Actions']} alignLastRight>
            {shown.map((user) => (
              <tr key={user.id}>
                <td>
                  <p className="font-medium text-tremor-content-strong">{user.name}</p>
                  <p className="text-tremor-label text-tremor-content">{user.email}</p>
                </td>
                <td className="min-w-[14rem]">
                  {editing?.id === user.id ? (
                    <div className="space-y-2">
                      <RolePicker value={editing.roles} onChange={(roles) => setEditing({ id: user.id, roles })} idPrefix={`roles-${user.id}`} />
                      <div className="flex gap-2">
                        <button type="button" className="btn-primary" disabled={setRoles.isPending} onClick={() => setRoles.mutate({ userId: user.id, roles: editing.roles })}>Save roles</button>
                        <button type="button" className="btn-secondary" onClick={() => setEditing(null)}>Cancel</button>
                      </div>
                    </div>
                  ) : (
                    <RoleBadges roles={user.roles} />
                  )}
                </td>
                <td>
                  {user.active ? <Badge tone="good">Active</Badge> : <Badge tone="off">Deactivated</Badge>}
                  {user.mustChangePassword && <span className="ml-1.5"><Badge tone="warn">One-time password</Badge></span>}
                </td>
                <td className="whitespace-nowrap"><LocalTime value={user.lastSignInAt} fallback="never" /></td>
                <td className="whitespace-nowrap text-right">
                  {editing?.id !== user.id && (
                    <span className="inline-flex gap-2">
                      <button type="button" className="btn-secondary" onClick={() => setEditing({ id: user.id, roles: user.roles })} aria-label={`Edit roles of ${user.email}`}>Edit roles</button>
                      {user.id !== currentUserId && (
                        <button
                          type="button"
                          className="btn-secondary"
                          disabled={resetPassword.isPending}
                          aria-label={`Reset password of ${user.email}`}
                          onClick={() => {
                            if (window.confirm(`Reset the password of ${user.email}? They are signed out and get a one-time password to replace at sign-in.`)) {
                              resetPassword.mutate({ userId: user.id });
                            }
                          }}
                        >
                          Reset password
                        </button>
                      )}
                      {user.id !== currentUserId && (
                        <button
                          type="button"
                          className={user.active ? 'btn-danger' : 'btn-secondary'}
                          disabled={setActive.isPending}
                          onClick={() => {
                            if (!user.active || window.confirm(`Deactivate ${user.email}? They will be signed out at once.`)) {
                              setActive.mutate({ userId: user.id, active: !user.active });
                            }
                          }}
                        >
                          {user.active ? 'Deactivate' : 'Reactivate'}
                        </button>
                      )}
                    </span>
                  )}
                </td>
              </tr>
            ))}
      </DataTable>
    </div>
  );
}
