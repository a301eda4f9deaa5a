package io.wsengine.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every request the web server answered, with its status: what the browser asked for, seen from the server. */
@TestComponent
class ServedRequests extends OncePerRequestFilter {
    record Served(String method, String path, int status) {
        @Override
        public String toString() {
            return method + " " + path + " " + status;
        }
    }

    private final List<Served> served = new CopyOnWriteArrayList<>();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            served.add(new Served(request.getMethod(), request.getRequestURI(), response.getStatus()));
        }
    }

    List<Served> all() {
        return List.copyOf(served);
    }

    void clear() {
        served.clear();
    }
}
