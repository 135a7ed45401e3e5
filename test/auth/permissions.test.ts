import { describe, expect, it } from 'vitest';
import { APP_PERMISSIONS, RULES, grants, missingPermissions } from '../../server/src/auth/index.js';

describe('permission matching', () => {
  it('when the grant is the same string or has * segments, then it covers the permission', () => {
    expect(grants('analytics:conversationDetail:view', 'analytics:conversationDetail:view')).toBe(true);
    expect(grants('analytics:*:view', 'analytics:conversationDetail:view')).toBe(true);
    expect(grants('analytics:*:*', 'analytics:conversationDetail:view')).toBe(true);
    expect(grants('*', 'externalContacts:identity:merge')).toBe(true);
  });

  it('when a segment differs or the shapes differ, then it does not', () => {
    expect(grants('analytics:conversationDetail:edit', 'analytics:conversationDetail:view')).toBe(false);
    expect(grants('analytics:*', 'analytics:conversationDetail:view')).toBe(false);
    expect(grants('analytics:conversationAggregate:view', 'analytics:conversationDetail:view')).toBe(false);
  });
});

describe('route rules', () => {
  it('when the agent has either analytics permission, then candidates are allowed', () => {
    expect(missingPermissions([APP_PERMISSIONS.view, 'analytics:conversationDetail:view'], RULES.candidates)).toEqual([]);
    expect(missingPermissions([APP_PERMISSIONS.view, 'analytics:agentConversationDetail:view'], RULES.candidates)).toEqual([]);
  });

  it('when neither alternative is held, then both are named as alternatives', () => {
    expect(missingPermissions([APP_PERMISSIONS.view], RULES.candidates)).toEqual([
      'analytics:conversationDetail:view or analytics:agentConversationDetail:view',
    ]);
  });

  it('when merging, then identity merge AND one association permission are required', () => {
    const base = [APP_PERMISSIONS.view, 'externalContacts:identity:merge'];
    expect(missingPermissions([...base, 'relate:conversation:associate'], RULES.merge)).toEqual([]);
    expect(missingPermissions([...base, 'externalContacts:conversation:associate'], RULES.merge)).toEqual([]);
    expect(missingPermissions(base, RULES.merge)).toEqual([
      'externalContacts:conversation:associate or relate:conversation:associate',
    ]);
    expect(missingPermissions([APP_PERMISSIONS.view, 'relate:conversation:associate'], RULES.merge)).toEqual([
      'externalContacts:identity:merge',
    ]);
  });

  it('when the app permission is missing, then every route names it', () => {
    expect(missingPermissions(['analytics:conversationDetail:view'], RULES.app)).toEqual([APP_PERMISSIONS.view]);
    expect(missingPermissions([APP_PERMISSIONS.view], RULES.admin)).toEqual([APP_PERMISSIONS.admin]);
  });
});
