// A tiny node:test suite with every outcome, to produce a real JUnit XML file (see ../../README.md, that is examples/imports/README.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

const answer = (q) => (q.includes('refund') ? 'Your refund is on its way.' : "I don't know.");

describe('refunds', () => {
  test('confirms the refund', () => assert.match(answer('refund please'), /refund/));
  test('gives an order number', () => assert.match(answer('refund please'), /\d{4}/));
  describe('edge cases', () => {
    test('empty question', () => assert.equal(answer(''), "I don't know."));
  });
});

describe('shipping', () => {
  test('tracks parcels', { skip: 'not covered yet' }, () => {});
  test('estimates delivery', { todo: 'write it' }, () => {});
});

test('top-level check', () => assert.ok(true));
