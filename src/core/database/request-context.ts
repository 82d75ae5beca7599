import { AsyncLocalStorage } from 'node:async_hooks';
import { RequestContext, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';

/** One HTTP request's EntityManager fork, made when the request first needs it. */
class RequestScope {
  private fork: EntityManager | undefined;
  private forking = false;

  constructor(private readonly root: EntityManager) {}

  entityManager(name: string): EntityManager | undefined {
    // While the fork is being built it asks for the context itself: it has none yet, as when
    // MikroORM's own RequestContext forks before entering its scope.
    if (name !== this.root.name || this.forking) return undefined;
    if (!this.fork) {
      this.forking = true;
      try {
        this.fork = this.root.fork({ useContext: true });
      } finally {
        this.forking = false;
      }
    }
    return this.fork;
  }
}

const requests = new AsyncLocalStorage<RequestScope>();

/**
 * MikroORM's `context` option: the EntityManager of the HTTP request being served, else MikroORM's
 * own `RequestContext` (`RequestContext.create`, `@CreateRequestContext`).
 */
export function currentEntityManager(name: string): EntityManager | undefined {
  return requests.getStore()?.entityManager(name) ?? RequestContext.getEntityManager(name);
}

/**
 * A request context per HTTP request, as `@mikro-orm/nestjs`'s middleware gives (the same
 * `onRequest` stage and `AsyncLocalStorage` scoping), except that the fork is made on first use: a
 * request answered from memory (an authenticated `auth/me`) never builds an identity map and unit
 * of work it does not use. The ORM config points `context` at
 * `currentEntityManager`.
 */
export function registerRequestContext(fastify: FastifyInstance, orm: MikroORM): void {
  const root = orm.em;
  fastify.addHook('onRequest', (_request, _reply, done) => {
    requests.run(new RequestScope(root), done);
  });
}
