/** The port every SMS goes through. Adapters: the local outbox and the Kavenegar HTTP gateway. */
export interface SmsSender {
  /** `to` is a normalised mobile ("09xxxxxxxxx"). Throws DomainError kind "unavailable" when it cannot send. */
  send(to: string, text: string): Promise<void>;
}
