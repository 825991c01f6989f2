import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { UserLocals } from '../../auth/auth.guard.js';
import type { Env } from '../../config/env.js';

/** Who may see a navigation link: everyone signed in, those who may write, or admins. */
type Audience = 'all' | 'writers' | 'admins';

interface NavLink {
  href: string;
  text: string;
  audience: Audience;
  /** Paths below href belong to this link too (the section), unless another link claims them. */
  section?: boolean;
}

const NAVIGATION: { name: string; links: NavLink[] }[] = [
  {
    name: 'Work',
    links: [
      { href: '/', text: 'Dashboard', audience: 'all' },
      { href: '/recommendations', text: 'Recommendations', audience: 'all', section: true },
      { href: '/states', text: 'States', audience: 'all', section: true },
      { href: '/matrix', text: 'Matrix', audience: 'all', section: true },
      { href: '/queue', text: 'My queue', audience: 'writers' },
      { href: '/bulk', text: 'Bulk update', audience: 'writers', section: true },
      { href: '/imports/new', text: 'Import', audience: 'writers' },
    ],
  },
  {
    name: 'Look up',
    links: [
      { href: '/events', text: 'Events', audience: 'all', section: true },
      { href: '/themes', text: 'Themes', audience: 'all', section: true },
      { href: '/reports', text: 'Reports', audience: 'all', section: true },
      { href: '/documents', text: 'Documents', audience: 'all', section: true },
      { href: '/exports', text: 'Export', audience: 'all', section: true },
      { href: '/api/docs', text: 'API', audience: 'all' },
    ],
  },
  {
    name: 'Admin',
    links: [
      { href: '/admin/users', text: 'Users', audience: 'admins', section: true },
      { href: '/admin/measures', text: 'Measures', audience: 'admins', section: true },
      { href: '/admin/tokens', text: 'API tokens', audience: 'admins', section: true },
      { href: '/admin/audit', text: 'Audit log', audience: 'admins', section: true },
    ],
  },
];

export interface NavItem {
  href: string;
  text: string;
  /** `page` on the link to this very page, `true` on its section's link, else undefined. */
  current?: 'page' | 'true';
}

export interface NavGroup {
  id: string;
  name: string;
  items: NavItem[];
}

function maySee(audience: Audience, user: UserLocals): boolean {
  if (audience === 'admins') return user.isAdmin;
  if (audience === 'writers') return user.canWrite;
  return true;
}

/** Imports live under /imports; their list and each import belong to the Import link. */
function sectionPath(path: string): string {
  return path.startsWith('/imports') ? '/imports/new' : path;
}

/** The navigation a user sees on the page at `path`, grouped, with the current link marked. */
export function navigationFor(path: string, user: UserLocals | undefined): NavGroup[] {
  if (!user) return [];
  const here = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const section = sectionPath(here);
  return NAVIGATION.map((group) => ({
    id: `nav-${group.name.toLowerCase().replace(/\W+/g, '-')}`,
    name: group.name,
    items: group.links
      .filter((link) => maySee(link.audience, user))
      .map((link): NavItem => {
        const item: NavItem = { href: link.href, text: link.text };
        if (here === link.href) item.current = 'page';
        else if (section === link.href || (link.section && section.startsWith(`${link.href}/`))) {
          item.current = 'true';
        }
        return item;
      }),
  })).filter((group) => group.items.length > 0);
}

export interface OrganisationLocals {
  name: string;
  logoUrl?: string;
}

/**
 * What the layout needs on every page, set before any route runs (error pages included): the
 * organisation's name and logo, and the navigation, worked out when the page renders, once the
 * auth guard (or the error filter) has said who is signed in.
 */
export function useLayoutLocals(app: NestExpressApplication): void {
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const organisation: OrganisationLocals = {
    name: config.get('ORGANISATION_NAME', { infer: true }),
    logoUrl: config.get('ORGANISATION_LOGO_URL', { infer: true }),
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.organisation = organisation;
    Object.defineProperty(res.locals, 'navigation', {
      enumerable: true,
      configurable: true,
      get: () => navigationFor(req.path, res.locals.currentUser as UserLocals | undefined),
    });
    next();
  });
}
