import stripe
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .forms import CheckoutForm
from .models import Product


def product_list(request):
    return render(request, "shop/product_list.html", {"products": Product.objects.all()})


def product_detail(request, slug):
    product = get_object_or_404(Product, slug=slug)
    return render(request, "shop/product_detail.html", {"product": product})


@login_required
def checkout(request, slug):
    product = get_object_or_404(Product, slug=slug)
    form = CheckoutForm(request.POST or None)
    if form.is_valid():
        intent = stripe.PaymentIntent.create(amount=int(product.price * 100), currency="eur")
        return render(request, "shop/paid.html", {"intent": intent})
    return render(request, "shop/checkout.html", {"form": form, "product": product})
