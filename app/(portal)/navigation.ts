import { can, type Permission, type Role } from '@/server/rbac/permissions';

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  icon: 'home' | 'users' | 'key' | 'ledger' | 'cube' | 'webhook' | 'check' | 'shield' | 'send' | 'target' | 'chart';
  /** A live count beside the label (the unread promotions inbox). */
  badge?: 'inbox';
  section: 'Portal' | 'Registry' | 'Governance' | 'Administration';
}

// Only sections that exist; each is shown to the roles the permission table allows.
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', permission: 'portal:view', icon: 'home', section: 'Portal' },
  { href: '/models', label: 'Models', permission: 'models:read', icon: 'cube', section: 'Registry' },
  { href: '/kpis', label: 'Business KPIs', permission: 'monitoring:read', icon: 'target', section: 'Registry' },
  { href: '/promotions', label: 'Promotions', permission: 'promotions:read', icon: 'check', section: 'Governance', badge: 'inbox' },
  { href: '/governance', label: 'Governance', permission: 'promotions:read', icon: 'chart', section: 'Governance' },
  { href: '/audit', label: 'Audit log', permission: 'audit:read', icon: 'ledger', section: 'Governance' },
  { href: '/admin/users', label: 'Users', permission: 'users:read', icon: 'users', section: 'Administration' },
  { href: '/admin/policies', label: 'Policies', permission: 'policies:manage', icon: 'shield', section: 'Administration' },
  { href: '/admin/tokens', label: 'API tokens', permission: 'api-tokens:read', icon: 'key', section: 'Administration' },
  { href: '/admin/webhooks', label: 'Webhooks', permission: 'webhooks:read', icon: 'webhook', section: 'Administration' },
  { href: '/admin/outbound-webhooks', label: 'Outbound webhooks', permission: 'webhooks:read', icon: 'send', section: 'Administration' },
];

export function navigationFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => can(roles, item.permission));
}
