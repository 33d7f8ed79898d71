// The locks a generic broker holds, in the order they were taken: a list threaded through the
// locks themselves. (A Map by delivery id added and deleted an entry per delivery, rehashing its
// table as it went; a delivery now carries its lock, and the list serves what goes by id.)

/** What the list needs of a lock. */
export interface ListedLock {
  delivery: { id: string };
  prev: this | null;
  next: this | null;
  /** In the list. */
  held: boolean;
}

export class LockList<Lock extends ListedLock> {
  private first: Lock | null = null;
  private last: Lock | null = null;

  add(lock: Lock): void {
    lock.held = true;
    lock.prev = this.last;
    lock.next = null;
    if (this.last) this.last.next = lock;
    else this.first = lock;
    this.last = lock;
  }

  remove(lock: Lock): void {
    if (!lock.held) return;
    lock.held = false;
    if (lock.prev) lock.prev.next = lock.next;
    else this.first = lock.next;
    if (lock.next) lock.next.prev = lock.prev;
    else this.last = lock.prev;
    lock.prev = lock.next = null;
  }

  find(deliveryId: string): Lock | undefined {
    for (let l = this.first; l; l = l.next) if (l.delivery.id === deliveryId) return l;
    return undefined;
  }

  /** Every held lock, in order; `fn` may remove the one it is given. */
  forEach(fn: (lock: Lock) => void): void {
    for (let l = this.first; l; ) {
      const next = l.next;
      fn(l);
      l = next;
    }
  }
}
