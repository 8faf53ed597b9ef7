/**
 * The read repository under its first name: give it a Prisma client (simplest) or, for the API's hot
 * paths, a `pg` pool built with readPoolConfig (several ms faster per query).
 */
export * from './pg-portfolio-read-repository.js';
export { PgPortfolioReadRepository as PrismaPortfolioReadRepository } from './pg-portfolio-read-repository.js';
