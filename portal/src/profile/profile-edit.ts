import type { ProfileDocument } from '../api/types.ts';

/** The profile with one column's mapping set ('' removes it: the reader decides again). */
export function withColumn(profile: ProfileDocument, header: string, field: string): ProfileDocument {
  const columns = { ...profile.columns };
  if (field) columns[header] = field;
  else delete columns[header];
  return { ...profile, columns };
}

export function withDefault(profile: ProfileDocument, name: string, value: string): ProfileDocument {
  const defaults = { ...profile.defaults };
  if (value) defaults[name] = value;
  else delete defaults[name];
  return { ...profile, defaults };
}
