/** Media: the engine that carries a call's audio, its codecs and statistics. */
package org.parley.core.media;
