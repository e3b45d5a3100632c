/** Text people read, in the two languages the service answers in. */
export interface LocalizedMessage {
  vi: string;
  en: string;
}
