import { ApiToken } from '../api-tokens/api-token.entity.js';
import { Assessment } from '../assessments/assessment.entity.js';
import { Pair } from '../assessments/pair.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Session } from '../auth/session.entity.js';
import { EventSession } from '../events/event-session.entity.js';
import { Document } from '../documents/document.entity.js';
import { IssuedDocument } from '../documents/issued-document.entity.js';
import { Event } from '../events/event.entity.js';
import { Measure } from '../measures/measure.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { Theme } from '../themes/theme.entity.js';
import { Import } from '../transfers/import.entity.js';
import { User } from '../users/user.entity.js';
import { Setting } from './setting.entity.js';

export const ENTITIES = [
  State,
  Organisation,
  Theme,
  Event,
  EventSession,
  Recommendation,
  Pair,
  Assessment,
  User,
  ApiToken,
  AuditEvent,
  Session,
  Setting,
  Import,
  Document,
  IssuedDocument,
  Measure,
];
