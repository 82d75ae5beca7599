import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { Omittable } from './validation';

class Example {
  @Omittable()
  @IsString()
  name?: string;

  @Omittable({ nullable: true })
  @IsString()
  note?: string | null;
}

const failing = (input: object) =>
  validateSync(plainToInstance(Example, input), { forbidNonWhitelisted: true, whitelist: true }).map(
    (error) => error.property,
  );

describe('Omittable', () => {
  it('lets a property be left out, and validates it when present', () => {
    expect(failing({})).toEqual([]);
    expect(failing({ name: 'x', note: 'y' })).toEqual([]);
    expect(failing({ name: 7 })).toEqual(['name']);
  });

  it('refuses null unless the property is nullable', () => {
    expect(failing({ name: null })).toEqual(['name']);
    expect(failing({ note: null })).toEqual([]);
  });

  it('marks the property as known, so whitelisting keeps it', () => {
    expect(failing({ name: 'x', other: 1 })).toEqual(['other']);
  });
});
