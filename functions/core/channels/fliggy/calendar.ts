import type { BookingCutoff, Departures } from '../../catalogue/tour-model.ts';
import { RWANDA_UTC_OFFSET_MINUTES } from '../../catalogue/tour-model.ts';
import { dayNumber, instantAtOffset, weekdayOf } from '../../iso-dates.ts';

/**
 * The departure calendar lists dates up to this many days ahead (today included), whatever the
 * operator's season: a rule running for years must not make an unbounded item. 365 dates of one
 * calendar entry each keep the item far below DynamoDB's 400 KB.
 */
export const CALENDAR_HORIZON_DAYS = 365;

/** Bookings close at the end of the cut-off day when the operator gives no time. */
const DEFAULT_CUTOFF_TIME = '23:59';

export interface DepartureDay {
  day: number;
  seats: number;
}

export interface CalendarWindow {
  /** The first departure date that can still be booked today (today + the cut-off days). */
  firstDay: number;
  /** The last date of the horizon. */
  lastDay: number;
}

export function calendarWindow(today: string, cutoff: BookingCutoff): CalendarWindow {
  const todayDay = dayNumber(today);
  return { firstDay: todayDay + cutoff.daysBefore, lastDay: todayDay + CALENDAR_HORIZON_DAYS - 1 };
}

export interface WindowedDepartures {
  /** Ascending, inside the window, blackout dates removed. */
  departures: DepartureDay[];
  /** True when the operator offers departures after the horizon (not listed yet). */
  continuesAfter: boolean;
}

/**
 * The departures inside the window. A weekly rule is walked from the later of its start and the
 * window's first day to the earlier of its end and the horizon: at most CALENDAR_HORIZON_DAYS
 * steps, however long the season.
 */
export function departuresWithin(departures: Departures, window: CalendarWindow): WindowedDepartures {
  if (departures.kind === 'dates') {
    const inside: DepartureDay[] = [];
    let continuesAfter = false;
    for (const departure of departures.dates) {
      const day = dayNumber(departure.date);
      if (day > window.lastDay) continuesAfter = true;
      else if (day >= window.firstDay) inside.push({ day, seats: departure.seats });
    }
    inside.sort((a, b) => a.day - b.day);
    return { departures: inside, continuesAfter };
  }
  const weekdays = new Set(departures.weekdays);
  const blackouts = new Set(departures.blackouts.map(dayNumber));
  const seasonEnd = dayNumber(departures.to);
  const last = Math.min(seasonEnd, window.lastDay);
  const inside: DepartureDay[] = [];
  for (let day = Math.max(dayNumber(departures.from), window.firstDay); day <= last; day++) {
    if (weekdays.has(weekdayOf(day)) && !blackouts.has(day)) inside.push({ day, seats: departures.seats });
  }
  return { departures: inside, continuesAfter: seasonEnd > window.lastDay };
}

/** When bookings for a departure close, as a UTC instant (what the renderer compares with generatedAt). */
export function bookableUntil(departureDay: number, cutoff: BookingCutoff): string {
  return instantAtOffset(departureDay - cutoff.daysBefore, cutoffMinute(cutoff), RWANDA_UTC_OFFSET_MINUTES);
}

/** HH:MM, Rwanda time. */
export function cutoffTimeText(cutoff: BookingCutoff): string {
  return cutoff.time ?? DEFAULT_CUTOFF_TIME;
}

function cutoffMinute(cutoff: BookingCutoff): number {
  const time = cutoffTimeText(cutoff);
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
