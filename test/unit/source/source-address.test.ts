import { describe, expect, it } from 'vitest';
import {
  checkRedirect,
  checkSourceUrl,
  classifyAddress,
  refusedAddress,
} from '../../../functions/core/source/source-address.ts';

const DEPLOYED = { allowPrivate: false };
const LOCAL = { allowPrivate: true };

describe('classifyAddress', () => {
  it.each([
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['fc00::1', 'private'],
    ['fdff:1234::1', 'private'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    // IPv4 inside IPv6 is judged by the IPv4 address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:c0a8:0101::1', 'private'],
    // Public neighbours of the refused ranges.
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['169.253.255.255', 'public'],
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses private and loopback only in a deployment; link-local and metadata always', () => {
    for (const address of ['10.0.0.5', '127.0.0.1', '::1', '192.168.0.2', '::ffff:127.0.0.1']) {
      expect(refusedAddress(address, DEPLOYED)).toMatch(/address, which a source may not be fetched from/);
      expect(refusedAddress(address, LOCAL)).toBeNull();
    }
    for (const address of ['169.254.169.254', 'fd00:ec2::254', 'fe80::1', '169.254.1.1', '0.0.0.0']) {
      expect(refusedAddress(address, LOCAL)).not.toBeNull();
    }
    expect(refusedAddress('93.184.215.14', DEPLOYED)).toBeNull();
  });
});

describe('checkSourceUrl', () => {
  it('takes https URLs', () => {
    expect(checkSourceUrl('https://shop.example.rw/export.csv?key=1', DEPLOYED).hostname).toBe(
      'shop.example.rw',
    );
  });

  it('refuses http in a deployment, and locally everywhere but loopback', () => {
    expect(() => checkSourceUrl('http://shop.example.rw/export.csv', DEPLOYED)).toThrow(
      expect.objectContaining({ code: 'SOURCE_URL_NOT_HTTPS' }),
    );
    expect(() => checkSourceUrl('http://127.0.0.1:8080/export.csv', DEPLOYED)).toThrow(
      expect.objectContaining({ code: 'SOURCE_URL_NOT_HTTPS' }),
    );
    expect(() => checkSourceUrl('http://shop.example.rw/export.csv', LOCAL)).toThrow(
      expect.objectContaining({ code: 'SOURCE_URL_NOT_HTTPS' }),
    );
    expect(checkSourceUrl('http://127.0.0.1:8080/export.csv', LOCAL).port).toBe('8080');
    expect(checkSourceUrl('http://localhost:8080/export.csv', LOCAL).hostname).toBe('localhost');
    expect(checkSourceUrl('http://[::1]:8080/export.csv', LOCAL).hostname).toBe('[::1]');
  });

  it.each(['ftp://shop.example.rw/a.csv', 'file:///etc/passwd', 'gopher://x/', 'javascript:alert(1)'])(
    'refuses %s as not https',
    (url) => {
      expect(() => checkSourceUrl(url, LOCAL)).toThrow(
        expect.objectContaining({ code: 'SOURCE_URL_NOT_HTTPS' }),
      );
    },
  );

  it('refuses what is not a URL, credentials in it, and a URL over 2,048 characters', () => {
    for (const url of ['shop.example.rw/export.csv', '', `https://x.example/${'a'.repeat(2048)}`]) {
      expect(() => checkSourceUrl(url, DEPLOYED)).toThrow(
        expect.objectContaining({ code: 'SOURCE_URL_INVALID' }),
      );
    }
    expect(() => checkSourceUrl('https://user:secret@shop.example.rw/a.csv', DEPLOYED)).toThrow(
      expect.objectContaining({ code: 'SOURCE_URL_INVALID' }),
    );
  });
});

describe('checkRedirect', () => {
  const from = new URL('https://shop.example.rw/export.csv');

  it('follows a redirect on the same host, relative or absolute', () => {
    expect(checkRedirect(from, '/exports/today.csv', DEPLOYED).href).toBe(
      'https://shop.example.rw/exports/today.csv',
    );
    expect(checkRedirect(from, 'https://shop.example.rw/b.csv', DEPLOYED).pathname).toBe('/b.csv');
  });

  it('refuses another host, another port, and a downgrade to http', () => {
    for (const location of [
      'https://127.0.0.1/export.csv',
      'https://169.254.169.254/latest/meta-data/',
      'https://cdn.example.rw/export.csv',
      'https://shop.example.rw:8443/export.csv',
      'http://shop.example.rw/export.csv',
    ]) {
      expect(() => checkRedirect(from, location, DEPLOYED)).toThrow(
        expect.objectContaining({ code: 'SOURCE_REDIRECT_REFUSED' }),
      );
    }
  });
});
